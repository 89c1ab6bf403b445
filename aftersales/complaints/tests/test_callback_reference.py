"""A complaint cannot steal a callback (issue 9, defect 3): the callback it names must exist, be its customer's,
and not have a complaint yet; the check lives once, in `core.references.CALLBACK` + `complaints.services`."""

from __future__ import annotations

import pytest

from aftersales.complaints.models import Complaint
from aftersales.plans.models import WorkItem

pytestmark = pytest.mark.django_db


def test_a_complaint_naming_the_next_callback_does_not_steal_it(
    api_as, agent, make_user, customer, province_customer, make_callback, now
):
    from aftersales.followups import services as followups

    api = api_as(agent)
    earlier = make_callback(province_customer)
    # when: a complaint for one customer names an id no callback has, and the one the next callback will get
    for callback_id in (99999999, earlier.pk + 1):
        response = api.post(
            "/api/v1/complaints", {"customer_id": customer.pk, "summary": "态度差", "callback_id": callback_id}
        )
        # then: refused, nothing stored
        assert response.status_code == 422, response.content
        assert response.json()["code"] == "unknown_reference"
    assert (Complaint.objects.count(), WorkItem.objects.filter(kind="complaint").count()) == (0, 0)
    # when: the real callback (the other customer's) is answered with satisfaction 1
    real = make_callback(province_customer)
    followups.callback_record(
        callback_id=real.pk, actor=make_user("huifang", "callback"), resolved=True, satisfaction=1, courtesy=1
    )
    # then: it opens its complaint, for its customer
    assert list(Complaint.objects.values_list("callback_id", "customer_id", "source")) == [
        (real.pk, province_customer.pk, "callback")
    ]


def test_a_callback_with_a_complaint_takes_no_second_one_through_the_api(api_as, agent, customer, make_callback, now):
    api = api_as(agent)
    callback = make_callback(customer)
    body = {"customer_id": customer.pk, "summary": "回访不满意", "source": "callback", "callback_id": callback.pk}
    assert api.post("/api/v1/complaints", body).status_code == 201
    # when
    second = api.post("/api/v1/complaints", body)
    # then
    assert (second.status_code, second.json()["code"]) == (409, "callback_has_complaint")
    assert Complaint.objects.count() == 1
