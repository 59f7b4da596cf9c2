"""Localization lengths by the transfer-matrix method (paper 004, Eqs. 8-9, Fig. 3), checked
on the Anderson chain, where the answers are known, and on the film's own bar."""

from __future__ import annotations

import numpy as np

from qsym.checks import CheckResult, largest
from qsym.derivation import Derivation
from qsym.lattice import lyapunov_exponents

from .builders import paper_blocks

CHAIN = (np.zeros((1, 1)), np.ones((1, 1)))   # H_{n,n} = 0, hopping t = 1 (energies in units of t)


def transfer_matrix_checks(d: Derivation) -> None:
    """Thouless's weak-disorder law, the clean evanescent mode, +- pairs, QR-interval independence."""

    def thouless() -> CheckResult:
        rows, worst = [], 0.0
        for W, E in ((0.5, 1.0), (0.5, 0.5), (0.4, -1.2)):
            r = lyapunov_exponents(*CHAIN, E, 20000, W=W, bars=200, seed=7)
            law = W**2 / (24 * (4 - E**2))
            dev = abs(r.exponents[0] / law - 1)
            sigma = r.errors[0] / law
            worst = largest([worst, dev])
            rows.append(f"W = {W}, E = {E}: gamma = {r.exponents[0]:.5f} +- {r.errors[0]:.5f}, law {law:.5f}")
            if not dev <= 4 * sigma + 0.02:    # statistics plus the O(W^2) correction; a NaN fails
                return CheckResult(False, "numeric", dev, "; ".join(rows))
        return CheckResult(True, "numeric", worst, "; ".join(rows) + " (4e6 slices each)")

    d.check("anderson_chain_lyapunov_exponent_is_thouless_weak_disorder_law", thouless,
            compares=("transfer matrices of the 1D Anderson chain (QR every 5 slices)",
                      "gamma = W^2 / (24 (4t^2 - E^2)) (Thouless), away from E = 0"),
            eq="9", doc="At $E = 0$ the Kappus-Wegner anomaly changes the coefficient; the energies avoid "
                        "it.")

    def clean_and_pairs() -> CheckResult:
        clean = lyapunov_exponents(*CHAIN, 3.0, 20000, bars=2, seed=3)
        exact = float(np.arccosh(1.5))                 # |Im k| of the evanescent mode at |E| = 3t
        pairs = lyapunov_exponents(*CHAIN, 1.0, 2000, W=1.0, n_exponents=2, bars=20, seed=4)
        dev = abs(clean.exponents[0] / exact - 1)
        pair = abs(pairs.exponents.sum()) / pairs.exponents[0]
        ok = dev < 1e-4 and pair < 1e-10
        return CheckResult(ok, "numeric", max(dev, pair),
                           f"clean chain at E = 3t: gamma = {clean.exponents[0]:.7f}, arccosh(3/2) = {exact:.7f}; "
                           f"disordered chain: exponents {pairs.exponents[0]:+.6f}, {pairs.exponents[1]:+.6f} "
                           f"(sum/gamma = {pair:.1e})")

    d.check("transfer_matrix_exponents_are_evanescent_modes_and_come_in_pairs", clean_and_pairs,
            compares=("transfer-matrix exponents", "arccosh(|E|/2t) and -gamma partners"), eq="9")

    def qr_interval() -> CheckResult:
        b = paper_blocks(d)
        H0, hop = b.onsite, b.hoppings[0]             # a one-site cross-section: the slice is the on-site block
        runs = [lyapunov_exponents(H0, hop, 0.3, 120, W=2.0, orbitals=4, bars=3, qr_every=q, segments=1, seed=5)
                for q in (1, 4, 8)]
        diff = max(float(np.max(np.abs(r.exponents - runs[0].exponents))) for r in runs[1:])
        return CheckResult(diff < 1e-10, "numeric", diff,
                           f"film's 4-orbital chain (Eq. 3 blocks), W = 2 eV: exponents with QR every 1, 4, 8 "
                           f"slices agree to {diff:.1e}")

    d.check("orthonormalization_interval_does_not_change_the_exponents", qr_interval,
            compares=("QR every 1 slice", "QR every 4 and 8 slices"), eq="9",
            doc="Re-orthonormalization only removes round-off; the same disorder gives the same exponents.")
