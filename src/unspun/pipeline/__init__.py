"""Pipeline: an ordered list of registered components, chosen by configuration."""

from unspun.pipeline.component import Component
from unspun.pipeline.config import ComponentConfig, PipelineConfig, load_config
from unspun.pipeline.pipeline import Outcome, Pipeline
from unspun.pipeline.registry import components, register_component

__all__ = [
    "Component",
    "ComponentConfig",
    "Outcome",
    "Pipeline",
    "PipelineConfig",
    "components",
    "load_config",
    "register_component",
]
