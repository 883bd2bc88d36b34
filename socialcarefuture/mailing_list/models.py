"""The mailing list: one subscriber per address, built on the shared
confirmed-by-email mechanism (socialcarefuture.confirmations)."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from socialcarefuture.confirmations.models import ConfirmableRecord, ConsentWording, WithdrawalMethod

#: The consent wording shown beside the tick box, word for word. Change it
#: freely: a changed text becomes a new stored version, and each person's
#: record keeps the version they saw.
CONSENT = ConsentWording(
    purpose="mailing_list",
    text=(
        "Yes, please email me news about the things I have chosen. Social Care Future, "
        "hosted by the charity In Control, sends about one email a month. I can leave "
        "at any time with one click from any email."
    ),
)


class Interest(models.TextChoices):
    """What a person may choose to hear about. Each is a yes/no column."""

    GATHERINGS = "gatherings", "Gatherings"
    POSTS = "posts", "New posts and publications"
    CAMPAIGNS = "campaigns", "Campaigns and the pledge"
    LOCAL = "local", "Local action"


INTEREST_FIELDS = {interest: f"wants_{interest.value}" for interest in Interest}


class Subscriber(ConfirmableRecord):
    """One person on (or once on) the mailing list."""

    wants_gatherings = models.BooleanField("gatherings", default=False)
    wants_posts = models.BooleanField("new posts and publications", default=False)
    wants_campaigns = models.BooleanField("campaigns and the pledge", default=False)
    wants_local = models.BooleanField("local action", default=False)

    held_in_label = "Mailing list"
    status_labels = {
        ConfirmableRecord.Status.CONFIRMED: "Subscribed",
        ConfirmableRecord.Status.WITHDRAWN: "Unsubscribed",
    }
    token_url_names = {"confirm": "mailing_list:confirm", "manage": "mailing_list:unsubscribe"}
    email_templates = {
        "confirm": "emails/mailing_list/confirm",
        "welcome": "emails/mailing_list/welcome",
        "already_confirmed": "emails/mailing_list/already_subscribed",
    }

    class Meta:
        verbose_name = "subscriber"
        verbose_name_plural = "subscribers"
        ordering = ["-signed_up_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["email_normalised"], name="mailing_list_one_record_per_address"),
        ]
        # No add or change: people join and change their choices themselves.
        default_permissions = ("view",)
        permissions = [
            ("export_subscribers", "Can download the list of subscribers"),
        ]

    @property
    def interests(self):
        return [interest for interest, field in INTEREST_FIELDS.items() if getattr(self, field)]

    @property
    def interest_labels(self):
        return [interest.label for interest in self.interests]

    def interests_display(self):
        return ", ".join(self.interest_labels)

    interests_display.short_description = "Interests"

    @staticmethod
    def interest_details(interests):
        """Model field values for a list of chosen interests (none means all)."""
        chosen = set(interests) or set(Interest)
        return {field: interest in chosen for interest, field in INTEREST_FIELDS.items()}

    # Links: the "manage" key serves unsubscribe (for ever) and preferences (for a while).

    def unsubscribe_url(self):
        return self.link("manage")

    def preferences_url(self):
        # Short-lived: every email carries a fresh one (see preferences_max_age).
        return settings.SITE_URL + reverse("mailing_list:preferences", args=[self.make_token("preferences")])

    # Hooks from ConfirmableRecord

    def get_email_context(self, kind):
        context = super().get_email_context(kind)
        context.update(
            interests=self.interest_labels,
            unsubscribe_url=self.unsubscribe_url(),
            preferences_url=self.preferences_url(),
            signup_url=settings.SITE_URL + "/mailing-list/",
        )
        if kind == "confirm":
            context["confirm_url"] = self.link("confirm")
            context["confirm_days"] = self.confirm_max_age.days
            context["retention_days"] = self.unconfirmed_retention.days
        return context

    def get_email_headers(self, kind):
        # RFC 2369 and RFC 8058: mail programs show their own "Unsubscribe"
        # button, which POSTs "List-Unsubscribe=One-Click" to this address.
        return {
            "List-Unsubscribe": f"<{self.unsubscribe_url()}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }

    def on_withdrawn(self, method):
        # Keep only what stops us emailing them again: the address, the dates
        # and the consent history. Their name and choices go now.
        self.name = ""
        for field in INTEREST_FIELDS.values():
            setattr(self, field, False)

    def export_fields(self):
        data = super().export_fields()
        data["interests"] = self.interest_labels
        return data


__all__ = ["CONSENT", "INTEREST_FIELDS", "Interest", "Subscriber", "WithdrawalMethod"]
