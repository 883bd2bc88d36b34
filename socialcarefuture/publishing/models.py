"""No models of its own: the groups, workflow and permissions are Wagtail's and
Django's. (This module exists so that Django sends this app the post_migrate
signal, which keeps the groups' permissions in step with the apps' hooks.)"""
