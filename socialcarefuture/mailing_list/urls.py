app_name = "mailing_list"

urlpatterns: list = [
    # Filled in by the mailing-list work (issue 4).
]
