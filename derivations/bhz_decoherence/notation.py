"""The opening of the document (``qsym show``): model, units, conventions and symbols."""

INTRO = (
    r"The BHZ model of a two-dimensional topological insulator, one spin block $H_s = A(s k_x \sigma_x + k_y "
    r"\sigma_y) + (M - B k^2)\sigma_z$ per spin $s = \pm 1$, with bands $\pm\mathcal{E}_k$, $\mathcal{E}_k = "
    r"\sqrt{A^2 k^2 + (M - B k^2)^2}$. Scalar impurities of density $n_i$ and strength $U$ scatter "
    "elastically and conserve spin (Born approximation). The field $E$ drives interband coherence (the "
    r"off-diagonal density matrix), which decays at the rates $\Gamma_k$ and $\Gamma^a_k$; the decoherence "
    r"conductivities $\sigma^{\parallel}_L$ and $\sigma^{\perp}_L$ follow from it (Eqs. 5-9), the Drude "
    r"conductivity from the Boltzmann equation (Eq. 10). Units: energies, $k_B T$ and $\epsilon_F$ in eV, "
    r"lengths in nm, conductivities in $e^2/h$; $\hbar$ is kept explicit only in rates and times "
    r"($\hbar/\tau$ is an energy). Conventions: $\eta = \pm$ labels the conduction/valence band, $\bar\eta = "
    r"-\eta$; $\cos\Theta_k = (M - B k^2)/\mathcal{E}_k$; the monotone-band regime $A^2 > 2MB$ is assumed (no "
    "ring minimum), as in the paper."
)

GLOSSARY = [
    ("k, k_x, k_y", "wave number and its components", "nm$^{-1}$"),
    ("M", "mass (band-inversion) term; $MB > 0$ inverted", "eV"),
    ("A", "linear (Dirac) coefficient", "eV nm"),
    ("B", "band curvature", "eV nm$^2$"),
    ("s", "spin index, $\\pm 1$", "-"),
    ("\\mathcal{E}_k", "band energy, bands at $\\pm\\mathcal{E}_k$", "eV"),
    ("\\Theta_k", "mixing angle of the eigenstates, $\\cos\\Theta_k = (M - Bk^2)/\\mathcal{E}_k$", "-"),
    ("\\mathcal{R}^{\\eta\\bar\\eta}_{ks}", "interband Berry connection", "nm"),
    ("n_{\\mathrm{i}}", "impurity density", "nm$^{-2}$"),
    ("U", r"impurity strength ($\delta$-correlated potential)", "eV nm$^2$"),
    ("\\nu_k", "density of states per spin at energy $\\mathcal{E}_k$", "eV$^{-1}$ nm$^{-2}$"),
    ("\\hbar/\\tau^0_k", "golden-rule scattering rate $2\\pi n_i \\nu_k U^2$", "eV"),
    ("\\Gamma_k, \\Gamma^a_k", "ordinary and anomalous decoherence rates (Eqs. 3-4)", "eV"),
    ("\\Gamma_{\\pm}", "decay rates of the two coherence modes, $\\Gamma_k \\pm \\Gamma^a_k$", "eV"),
    ("\\tau^{\\bar\\eta\\eta}_{ks,\\parallel}, \\tau^{\\bar\\eta\\eta}_{ks,\\perp}",
     "ordinary and anomalous decoherence times (complex; Eqs. 3-4), shown as $\\tau/\\hbar$", "eV$^{-1}$"),
    ("\\Delta", "interband energy $\\epsilon_{k\\eta} - \\epsilon_{k\\bar\\eta}$", "eV"),
    ("\\epsilon_F, k_B T", "Fermi energy and temperature", "eV"),
    ("f_{k\\eta}", "Fermi-Dirac occupation of band $\\eta$", "-"),
    ("\\lambda", "bookkeeping parameter of the dilute-limit expansion ($n_i \\to \\lambda n_i$)", "-"),
    ("\\sigma^{\\parallel}_L, \\sigma^{\\perp}_L", "ordinary and anomalous decoherence conductivities", "$e^2/h$"),
    ("\\sigma_D", "Drude conductivity (Eq. 10)", "$e^2/h$"),
    ("X_n", "intermediate symbols of a long result, defined where they appear", "-"),
]
