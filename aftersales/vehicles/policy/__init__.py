"""Pure rules of the car-dealer follow-up service (篇8): dates only, no Django, no clock."""
