"""The opening of the document (``qsym show``): model, units, conventions and symbols."""

INTRO = (
    r"Second-order (nonlinear) current $j_i = \sigma_{ijk} E_j E_k$ of Bloch electrons in a weak field, by "
    r"powers of the relaxation time: nonlinear Drude ($\tau^2$), Berry-curvature dipole ($\tau$) and the "
    r"intrinsic quantum-metric term ($\tau^0$). The field-corrected Berry connection and energy follow from "
    "first- and second-order perturbation theory in the band basis (three bands $n = 0, 1, 2$ with interband "
    r"connections $A^\alpha_{nm} = a^\alpha_{nm} + i b^\alpha_{nm}$); the theories compared in Table 1 are "
    "the wave-packet dynamics (WPD, Eq. 13, the correct one), the LKA and the QK rows. The PT-symmetric toy "
    r"model of Eq. (20), $H_0 = v\tau_x(k_x\sigma_x + k_y\sigma_y) + (m - b k^2 + t k_x)\tau_z$ (the term $t "
    "k_x$ breaks $P$, $T$ and $C_n^z$ but not PT), with doubly degenerate bands, is worked out in closed "
    "form. Units: $v$ and $t$ in eV nm, $m$ in eV, $b$ in eV nm$^2$, $k$ in nm$^{-1}$; BCP in nm$^2$/eV, "
    r"quantum metric in nm$^2$, dipoles in nm$^3$; conductivities in $(e^3/\hbar)\,\mathrm{nm}/\mathrm{eV}$; "
    r"$\tau$ in $\hbar/\mathrm{eV}$."
)

GLOSSARY = [
    ("E_x, E_y, E_z", "electric field components", "V/nm"),
    ("e", "elementary charge (sign kept explicit)", "-"),
    ("\\epsilon_0, \\epsilon_1, \\epsilon_2", "band energies of the band basis ($n = 0$ the band of interest)", "eV"),
    ("A^{\\alpha}_{nn}", "intraband Berry connection", "nm"),
    ("a^{\\alpha}_{nm}, b^{\\alpha}_{nm}", "real and imaginary parts of the interband connection $A^\\alpha_{nm}$", "nm"),
    ("\\mathcal{G}_n", "Berry connection polarizability (BCP) of band $n$", "nm$^2$/eV"),
    ("g_{\\alpha\\beta}", "quantum metric", "nm$^2$"),
    ("\\lambda", "bookkeeping order of the perturbation $\\lambda V$", "-"),
    ("\\tau", "relaxation time", "$\\hbar$/eV"),
    ("k_x, k_y, k_z", "wave vector", "nm$^{-1}$"),
    ("v, t", "Dirac velocity and deformation $t k_x \\tau_z$ of the toy model", "eV nm"),
    ("m", "mass of the toy model", "eV"),
    ("b", "band curvature of the toy model", "eV nm$^2$"),
    ("\\epsilon_{+}", "upper band of the toy model", "eV"),
    ("n_{1}, n_{2}, n_{3}", "components of the toy model's $d$-vector", "eV"),
    ("X_n", "intermediate symbols of a long result, defined where they appear", "-"),
]
