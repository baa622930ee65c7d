"""The SMS spend limit across a month's end: ``MonthlySpendLimit`` (1 USD until the account's
quota is raised: the option ``sms_spend_quota_usd``) counts each calendar month (UTC), and
snsfake reads the time through ``snsfake.clock``, so freezegun moves it."""

from __future__ import annotations

import boto3
import pytest
from freezegun import freeze_time

from snsfake import SnsFake


@pytest.mark.sns_fake(sms_sandbox=False, sms_price_usd=0.6)
def test_the_spend_limit_resets_each_month(sns_fake: SnsFake) -> None:
    sns = boto3.client("sns")
    with freeze_time("2026-03-31 23:59:59") as frozen:
        sns.publish(PhoneNumber="+15555550100", Message="one")  # 0.60 of the 1 USD quota
        sns.publish(PhoneNumber="+15555550100", Message="two")  # would pass it: not sent
        assert sns_fake.skipped.one().reason == "SpendLimit"
        frozen.move_to("2026-04-01 00:00:00")
        sns.publish(PhoneNumber="+15555550100", Message="three")  # a new month
    assert [sms.body for sms in sns_fake.deliveries] == ["one", "three"]
