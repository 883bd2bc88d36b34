"""A band on the vision page that another app adds through the
``home_page_sections`` hook (see ``HomePage.get_sections``)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class HomeSection:
    """``template`` is rendered with ``section`` set to ``context``; bands are
    shown by ``order``, lowest first (the blog's latest posts are 20, the
    mailing list's call to action 90)."""

    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
