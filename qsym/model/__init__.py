"""User models: a symbolic Bloch Hamiltonian becomes a derivation of its own, with responses,
topology and a lattice regularization.

=====================  ===================================================================
module                 subject
=====================  ===================================================================
:mod:`.spec`           what a model is: :class:`Model`, :class:`Parameter`, :func:`pauli`
:mod:`.band_geometry`  its derivation: bands, velocities, Berry curvature, metric, BCP
:mod:`.integrands`     the response integrands (AHE, BCD, QMD, nonlinear Drude)
:mod:`.checks`         the automatic numeric checks (eigh, gauge, sum rules, sea = surface)
:mod:`.touchings`      where band groups touch, against what the model states
:mod:`.responses`      responses as k-integrals: :func:`response` (box or Brillouin zone)
:mod:`.by_name`        a model by registry name, file or module; :func:`response`
:mod:`.zone`           a lattice model's Brillouin zone: reduced cell, sampling, band paths
:mod:`.topology`       Chern numbers, Wilson loops, Z2 and Zak phases of lattice models
:mod:`.invariants`     the topology checks of a gapped lattice model
:mod:`.box_flux`       a continuum model's Berry flux through its k-box
:mod:`.discretize`     continuum models on a lattice; hoppings of any lattice model
:mod:`.tasks`          disorder numerics of any lattice model as ``qsym sweep`` tasks
:mod:`.zone_figures`   bands along a path, zone maps, Wilson-loop spectra
:mod:`.figures`        the figures of ``qsym figure FILE.py``
:mod:`.template`       the file ``qsym new NAME`` writes
=====================  ===================================================================
"""

from .band_geometry import GROUPS, NotClifford, clifford_form, derivation
from .integrands import response_components
from .by_name import response
from .responses import RESPONSES, component_labels, fermi_energies
from .spec import Model, Parameter, components, curvature_pairs, pauli

__all__ = ["Parameter", "Model", "pauli", "derivation", "clifford_form", "NotClifford", "components", "curvature_pairs",
           "response_components", "GROUPS", "response", "RESPONSES", "component_labels", "fermi_energies"]
