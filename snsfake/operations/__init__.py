"""The 42 SNS operations: one handler each, grouped by domain.

``OPERATIONS`` maps each botocore operation name to its handler, a function
``(context, params) -> response body`` that raises :class:`~snsfake.errors.SnsError`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..context import Context
from . import platform, publish, sms, subscriptions, topics

Handler = Callable[[Context, Mapping[str, Any]], dict[str, Any]]

__all__ = ["OPERATIONS", "Handler"]

OPERATIONS: dict[str, Handler] = {
    # topics (12)
    "CreateTopic": topics.create_topic,
    "DeleteTopic": topics.delete_topic,
    "GetTopicAttributes": topics.get_topic_attributes,
    "SetTopicAttributes": topics.set_topic_attributes,
    "ListTopics": topics.list_topics,
    "AddPermission": topics.add_permission,
    "RemovePermission": topics.remove_permission,
    "TagResource": topics.tag_resource,
    "UntagResource": topics.untag_resource,
    "ListTagsForResource": topics.list_tags_for_resource,
    "PutDataProtectionPolicy": topics.put_data_protection_policy,
    "GetDataProtectionPolicy": topics.get_data_protection_policy,
    # subscriptions (7)
    "Subscribe": subscriptions.subscribe,
    "ConfirmSubscription": subscriptions.confirm_subscription,
    "Unsubscribe": subscriptions.unsubscribe,
    "GetSubscriptionAttributes": subscriptions.get_subscription_attributes,
    "SetSubscriptionAttributes": subscriptions.set_subscription_attributes,
    "ListSubscriptions": subscriptions.list_subscriptions,
    "ListSubscriptionsByTopic": subscriptions.list_subscriptions_by_topic,
    # publishing (2)
    "Publish": publish.publish,
    "PublishBatch": publish.publish_batch,
    # sms (11)
    "CheckIfPhoneNumberIsOptedOut": sms.check_if_phone_number_is_opted_out,
    "ListPhoneNumbersOptedOut": sms.list_phone_numbers_opted_out,
    "OptInPhoneNumber": sms.opt_in_phone_number,
    "GetSMSAttributes": sms.get_sms_attributes,
    "SetSMSAttributes": sms.set_sms_attributes,
    "GetSMSSandboxAccountStatus": sms.get_sms_sandbox_account_status,
    "CreateSMSSandboxPhoneNumber": sms.create_sms_sandbox_phone_number,
    "VerifySMSSandboxPhoneNumber": sms.verify_sms_sandbox_phone_number,
    "DeleteSMSSandboxPhoneNumber": sms.delete_sms_sandbox_phone_number,
    "ListSMSSandboxPhoneNumbers": sms.list_sms_sandbox_phone_numbers,
    "ListOriginationNumbers": sms.list_origination_numbers,
    # mobile push (10)
    "CreatePlatformApplication": platform.create_platform_application,
    "DeletePlatformApplication": platform.delete_platform_application,
    "GetPlatformApplicationAttributes": platform.get_platform_application_attributes,
    "SetPlatformApplicationAttributes": platform.set_platform_application_attributes,
    "ListPlatformApplications": platform.list_platform_applications,
    "CreatePlatformEndpoint": platform.create_platform_endpoint,
    "DeleteEndpoint": platform.delete_endpoint,
    "GetEndpointAttributes": platform.get_endpoint_attributes,
    "SetEndpointAttributes": platform.set_endpoint_attributes,
    "ListEndpointsByPlatformApplication": platform.list_endpoints_by_platform_application,
}
