"""Detectors: components that add findings. One detector per module or sub-package."""
