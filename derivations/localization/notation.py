"""The opening of the document (``qsym show``): model, units, conventions and symbols."""

INTRO = (
    "Part 1 (003): the weak-localization correction of a disordered metal from the return probability of a "
    "diffusing electron, in $d = 1, 2, 3$, for the orthogonal class (weak localization) and the symplectic "
    "class (weak antilocalization), the Hikami-Larkin-Nagaoka magnetoconductance and the scaling function "
    r"$\alpha_L$. Part 2 (004): the intrinsic Hall conductance of a single massive Dirac cone "
    "(half-quantized), of its Wilson-regularized form, of the semimagnetic surface ($V_0$ on one surface "
    "only), and its finite-size form. Units: fields in $T$, lengths in nm, energies in eV, $v$ in eV nm, $b$ "
    r"in eV nm$^2$; conductivities in $e^2/h$ (2D), $e^2/h \times$ nm (1D), $e^2/(h\,$nm$)$ (3D). Sign "
    r"convention: electrons of charge $-e$, $\sigma_{xy} = -(e^2/h)\sum_n \int d^2k/(2\pi)\, f_n \Omega_n$, "
    r"so a massive cone gives $-\mathrm{sgn}(m)/2$ in the gap (the paper's $+1/2$ is the same result in the "
    "opposite convention)."
)

GLOSSARY = [
    ("r", "$\\tau_\\phi/\\tau$, phase-coherence time over elastic scattering time", "-"),
    ("\\tau, \\tau_\\phi", "elastic scattering and phase-coherence times", "s"),
    ("l, l_e", "elastic mean free path", "nm"),
    ("L, L_\\phi", "system size; phase-coherence length", "nm"),
    ("D", "diffusion constant $v_F l/d$", "nm$^2$/s"),
    ("P(t)", "return probability of a diffusing electron", "-"),
    ("d", "dimension", "-"),
    ("v_F, k_F, m_e", "Fermi velocity, Fermi wave number, electron mass", "-"),
    ("B, B_\\phi", "perpendicular field; dephasing field $\\hbar/(4eL_\\phi^2)$", "T"),
    ("\\alpha", "HLN prefactor: $+1$ weak localization, $-1/2$ per symplectic channel", "-"),
    ("\\alpha^{t}, \\alpha^{b}, l^{t}, l^{b}", "channel weights and lengths of the top/bottom Cooperon channels", "-, nm"),
    ("\\sigma_0", "Drude conductivity", "$e^2/h$"),
    ("E_F", "Fermi energy from the Dirac point", "eV"),
    ("m", "Dirac mass", "eV"),
    ("v", "Dirac velocity $\\hbar v$", "eV nm"),
    ("b", "Wilson term $(m - bk^2)\\sigma_z$", "eV nm$^2$"),
    ("V_0", "magnetization (exchange) gap of the magnetic surface", "eV"),
    ("\\sigma^{0}_{xy}", "Hall conductance of the infinite system", "$e^2/h$"),
    ("X_n", "intermediate symbols of a long result, defined where they appear", "-"),
]
