"""Figures of the quantum-metric paper (Fig. 2 a-d), drawn from the generated kernels."""


def register(d) -> None:
    pass
