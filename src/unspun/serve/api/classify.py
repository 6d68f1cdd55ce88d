"""``POST /v1/classify``: which technique is this span? (the TC setting of SemEval-2020)."""

from __future__ import annotations

from fastapi import APIRouter

from unspun.serve.api.deps import PrincipalDep, ServiceDep
from unspun.serve.api.schemas import ClassifyIn, ClassifyOut

router = APIRouter(prefix="/v1", tags=["classify"])


@router.post("/classify", response_model=ClassifyOut, summary="Name the technique of a span")
async def classify(body: ClassifyIn, service: ServiceDep, who: PrincipalDep) -> ClassifyOut:
    """Rank the persuasion techniques for ``[start, end)`` of ``text`` (or of the text of
    the stored analysis ``analysis_id``), best first with calibrated scores. ``unit`` says
    whether the offsets count code points or UTF-16 units (what browsers count)."""
    return await service.classify(body)
