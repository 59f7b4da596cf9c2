"""The opening of the document (``qsym show``): model, units, conventions and symbols."""

INTRO = (
    "The lattice model of paper 004 (Eq. 3) for a semimagnetic topological-insulator film, derived from its "
    r"continuum $k\cdot p$ model: $H_c = (m_0 - B_\parallel k_\parallel^2 - B_z k_z^2)\tau_z + A_\parallel "
    r"\tau_x(k_x\sigma_x + k_y\sigma_y) + A_z k_z \tau_x\sigma_z + V_z \sigma_z$ is discretized on a cubic "
    r"lattice (in-plane constant a, vertical $c$) by $k \to \sin(kd)/d$, $k^2 \to 2(1 - \cos kd)/d^2$, and "
    r"the on-site block and the hoppings $\mathcal{T}_\alpha$ are read off the lattice $H(\mathbf k)$ and "
    r"compared with Eq. (3), where $t = B/d^2$ and $\lambda = A/d$. Units: energies in eV, lengths in nm, "
    r"wave numbers in nm$^{-1}$. Conventions: the basis is orbital $\otimes$ spin, $\tau_i \otimes \sigma_j$; "
    r"$H = \sum_r \Psi^\dagger_r (M_0 + V_z)\Psi_r + \sum_{r,\alpha}(\Psi^\dagger_r \mathcal{T}_\alpha "
    r"\Psi_{r+e_\alpha} + \mathrm{h.c.})$, so $H(\mathbf k) = M_0 + V_z + \sum_\alpha(\mathcal{T}_\alpha e^{i "
    r"k_\alpha d_\alpha} + \mathrm{h.c.})$; the Zeeman term $V_z = V_0$ on the top magnetic layers only; time "
    r"reversal is $\Theta = i\sigma_y K$."
)

GLOSSARY = [
    ("k_x, k_y, k_z", "wave vector", "nm$^{-1}$"),
    ("a, c", "in-plane and vertical lattice constants", "nm"),
    ("m_0", "bulk gap parameter (inverted for $m_0 B > 0$)", "eV"),
    ("A_\\parallel, A_z", r"linear $k\cdot p$ coefficients", "eV nm"),
    ("B_\\parallel, B_z", r"quadratic $k\cdot p$ coefficients", "eV nm$^2$"),
    ("t_\\parallel, t_z", "lattice hoppings, $B/d^2$", "eV"),
    ("\\lambda_\\parallel, \\lambda_z", "spin-orbit hoppings, $A/d$", "eV"),
    ("V_z, V_0", "Zeeman potential; its value on the magnetic layers", "eV"),
    ("\\tau_i, \\sigma_j", "Pauli matrices of orbital and spin", "-"),
    ("M_0", "on-site mass block $(m_0 - 4t_\\parallel - 2t_z)\\tau_z\\sigma_0$", "eV"),
    ("\\mathcal{T}_\\alpha", "hopping from $r + e_\\alpha$ to $r$", "eV"),
    ("\\varepsilon", "bookkeeping scale of $k$ in the long-wavelength expansion", "-"),
]
