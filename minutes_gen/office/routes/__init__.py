"""The office server's pages, one blueprint per area: health, accounts, documents, the number
register, administration, e-mail; every route reads this request's context (``office.context``)."""

from minutes_gen.office.routes import (accounts, admin, cases, documents, health, mail, register, run_signing, runs,
                                       signing)

BLUEPRINTS = tuple(area.pages for area in (health, accounts, documents, cases, register, admin, runs, signing,
                                           run_signing, mail))
