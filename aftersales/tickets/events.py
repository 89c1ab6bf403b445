"""Domain events of service requests: what other areas act on, without the request's services importing them.

`tickets.services` sends an event where the step happens; the areas that act on it connect a receiver in
their `AppConfig.ready()` (warranty, bulletins and followups on `resolved`). The areas that call the
request's services (warranty escalates, followups reopens, dispatch dispatches) are never imported back
by them, so the imports between the areas' services go one way (the contracts in `.importlinter`).

Events are Django signals (`django.dispatch.Signal`, docs/decisions/013-domain-events-and-hand-written-sql.md)
sent with `send`, not `send_robust`: receivers run at once, in the sender's transaction, as the direct calls
they replace did. What they write commits or rolls back with the step, and an error in one aborts the step.
Receivers take keyword arguments and accept `**kwargs` (Django's rule for signals).
"""

from __future__ import annotations

from django.dispatch import Signal

# A request was resolved (the `resolve` action). Sent inside the action's transaction, after the request's
# row and its timeline line are written. Arguments: `ticket` (the saved Ticket), `at` (when it was resolved,
# aware), `actor` (the User who resolved it).
resolved = Signal()

# Any lifecycle action was applied (respond, dispatch, arrive, resolve…), after `resolved` for a resolve.
# Sent inside the action's transaction. Arguments: `ticket`, `action` (the verb, a str), `at`, `actor`.
# The portal tells the reporting contact about the steps a customer follows (aftersales.portal.notices).
action_applied = Signal()
