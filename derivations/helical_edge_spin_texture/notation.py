"""The opening of the document (``qsym show``): model, units, conventions and symbols."""

INTRO = (
    "A magnetic impurity (spin $1/2$, exchange couplings $J_x, J_y, J_z$) on the helical edge of a "
    "two-dimensional topological insulator whose spin axis rotates with momentum (spin texture, angle "
    r"$\theta(k)$ set by $k_0$). The impurity's density matrix obeys a Born-Markov master equation (Eq. 10); "
    "backscattering of edge electrons flips its spin, and the correction to the conductance follows from its "
    r"steady state (Eqs. 12-19). Units: $\hbar = k_B = 1$; temperature $T$ and bias $V$ (meaning $eV$) in "
    r"units of $\hbar v_F k_0$, couplings $J$ in units of $v_F$, conductances in $e^2/h$ ($G_0 = e^2/h$). "
    r"Conventions: $R/L$ are the right- and left-moving chiral channels, with chemical potentials $\pm V/2$; "
    r"$\mathcal{T} = 8T^2$ is the argument of the phase integrals $I_c$, $I_s$; $u = |V|/2T$ separates the "
    "series, closed-form and large-bias regimes of Eq. (17)."
)

GLOSSARY = [
    ("J_x, J_y, J_z, J", "exchange couplings (isotropic: $J$)", "$v_F$"),
    ("T", "temperature $k_B T$", "$\\hbar v_F k_0$"),
    ("V", "bias $eV$", "$\\hbar v_F k_0$"),
    ("\\epsilon", "energy of an edge electron", "$\\hbar v_F k_0$"),
    ("k, k_0", "momentum; the spin-texture scale", "$k_0$"),
    ("\\theta", "spin-texture rotation angle, $\\theta = (k/k_0)^2$", "rad"),
    ("\\mathcal{T}", "$8T^2$, argument of $I_c$, $I_s$", "-"),
    ("I_c, I_s", "phase integrals of $\\mathrm{sech}^2$ with $\\cos$, $\\sin(x e^2)$", "-"),
    ("W^{m}_{\\alpha\\beta}", "energy integrals of Fermi windows $f_\\alpha(1-f_\\beta)$ times $m(\\epsilon)$", "$\\hbar v_F k_0$"),
    ("r_x, r_z", "Bloch vector of the impurity spin", "-"),
    ("\\delta\\mu", "chemical-potential difference of $R$ and $L$", "$\\hbar v_F k_0$"),
    ("u", "$|V|/2T$", "-"),
    ("x, c, s", "integration variable; $\\cos$ and $\\sin$ weights of the texture", "-"),
    ("\\delta G", "conductance correction", "$e^2/h$"),
    ("X_n", "intermediate symbols of a long result, defined where they appear", "-"),
]
