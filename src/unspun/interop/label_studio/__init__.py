"""Label Studio: tasks with unspun's predictions, the matching config, reviewed exports back.

- :func:`labeling_config`: the XML of ``unspun label-studio config``;
- :func:`record_to_task`: one record as a task with predictions (``--format label-studio``);
- :func:`read_label_studio`: a reviewed JSON export as unspun records.

Label Studio counts offsets in UTF-16 code units; :mod:`unspun.interop.offsets` converts.
"""

from unspun.interop.label_studio.config import labeling_config
from unspun.interop.label_studio.reader import ImportStats, read_label_studio
from unspun.interop.label_studio.tasks import MODEL_VERSION, record_to_task

__all__ = ["MODEL_VERSION", "ImportStats", "labeling_config", "read_label_studio", "record_to_task"]
