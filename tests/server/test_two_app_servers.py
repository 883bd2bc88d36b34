"""Two app servers, as a deployment with a load balancer runs them: two
gunicorns (gunicorn.conf.py, production settings, two workers each) on one
PostgreSQL, one real redis-server as their shared cache (pages, menus) and
rate-limit store, and one S3-compatible media store (moto's server mode).

What must hold whichever server a request lands on:

* a page published through one is fresh on the other at once (the page
  cache's purge reaches the shared Redis cache);
* a picture uploaded through one is served through the other (the original
  and its renditions live in the shared bucket);
* the same address signing up through both makes one record.
"""

import io
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from PIL import Image
from urllib3.filepost import encode_multipart_formdata
from wagtail.images import get_image_model
from wagtail.models import Collection

from socialcarefuture.mailing_list.models import Subscriber
from socialcarefuture.models import StandardPage
from tests.factories import build_site
from tests.redis_server import free_port, redis_server
from tests.security.gunicorn import Browser, gunicorn, shared_static_root

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

BUCKET = "scf-media"
PASSWORD = "a long and happy garden"


@contextmanager
def s3_server():
    """moto's S3 server on a free loopback port, with an empty bucket; yields
    the environment the site reads (README "Configuration")."""
    import boto3

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    env = {
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": "eu-west-2",
        "AWS_ACCESS_KEY_ID": "local-test-key",
        "AWS_SECRET_ACCESS_KEY": "local-test-secret",
    }
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(endpoint, timeout=1).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto's S3 server did not start") from None
                time.sleep(0.1)
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name=env["AWS_S3_REGION_NAME"],
            aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        )
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
        yield env, client
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, tmp_path_factory):
    """Server A and server B, sharing the database, Redis and the bucket,
    started once for this file (each test commits its own data and the shared
    cache is emptied between tests)."""
    tmp_path = tmp_path_factory.mktemp("two-servers")
    static_root = shared_static_root(tmp_path_factory)
    with ExitStack() as stack:
        redis_url = stack.enter_context(redis_server())
        s3_env, s3 = stack.enter_context(s3_server())
        env = {"REDIS_URL": redis_url, **s3_env}
        # Both start at once (the settings name the test database).
        starting = [gunicorn(static_root, make_dir(tmp_path / name), **env) for name in "ab"]
        with django_db_blocker.unblock(), ThreadPoolExecutor(2) as pool:
            futures = [pool.submit(server.__enter__) for server in starting]
            for server, future in zip(starting, futures, strict=True):
                if future.exception() is None:
                    stack.push(server.__exit__)
            a, b = (future.result() for future in futures)
        yield SimpleNamespace(a=a, b=b, s3=s3, endpoint=s3_env["AWS_S3_ENDPOINT_URL"], redis=redis_url)


def make_dir(path):
    path.mkdir()
    return path


@pytest.fixture
def site(committed_db, servers):
    import redis

    redis.Redis.from_url(servers.redis).flushdb()  # no pages or menus from an earlier test
    home = build_site()
    page = StandardPage(title="Our gatherings this spring", slug="spring")
    home.add_child(instance=page)
    page.save_revision().publish()
    # A hash the production settings check (the test settings' MD5 is not
    # among their hashers), with few rounds so that logging in is quick.
    password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt(), iterations=1000)
    user = get_user_model().objects.create_superuser("robin", "robin@example.org")
    user.password = password
    user.save(update_fields=["password"])
    return page


def log_in(server):
    browser = Browser(server)
    status, _, page = browser.get("/admin/login/")
    assert status == 200
    token = BeautifulSoup(page, "html.parser").select_one("input[name=csrfmiddlewaretoken]")["value"]
    status, headers, _ = browser.post(
        "/admin/login/", {"csrfmiddlewaretoken": token, "username": "robin", "password": PASSWORD}
    )
    assert status == 302, "logged in"
    return browser


def csrf_token(browser, path):
    status, _, page = browser.get(path)
    assert status == 200, path
    return BeautifulSoup(page, "html.parser").select_one("input[name=csrfmiddlewaretoken]")["value"]


def title_of(server, path):
    status, headers, body = server.request("GET", path)
    assert status == 200
    return BeautifulSoup(body, "html.parser").h1.get_text(strip=True), headers.get("X-Page-Cache")


def test_a_page_published_through_one_server_is_fresh_on_the_other_at_once(site, servers):
    a, b = servers.a, servers.b
    path = "/spring/"
    assert title_of(b, path) == ("Our gatherings this spring", "miss")
    assert title_of(b, path) == ("Our gatherings this spring", "hit")
    assert title_of(a, path) == ("Our gatherings this spring", "hit")  # the one shared copy

    # A convenor's draft, then "Publish" from the page listing of server A.
    site.title = "Our gatherings this summer"
    site.save_revision()
    assert title_of(b, path) == ("Our gatherings this spring", "hit"), "a draft changes nothing"
    convenor = log_in(a)
    action = f"/admin/bulk/wagtailcore/page/publish/?id={site.pk}"
    status, headers, _ = convenor.post(
        action, {"csrfmiddlewaretoken": csrf_token(convenor, action), "include_descendants": ""}
    )
    assert status == 302, "published"

    assert title_of(b, path) == ("Our gatherings this summer", "miss")
    assert title_of(b, path) == ("Our gatherings this summer", "hit")


def test_a_picture_uploaded_through_one_server_is_served_through_the_other(site, servers):
    a, b, s3 = servers.a, servers.b, servers.s3
    picture = io.BytesIO()
    Image.new("RGB", (1200, 800), (194, 65, 12)).save(picture, "PNG")
    convenor = log_in(a)
    body, content_type = encode_multipart_formdata(
        {
            "csrfmiddlewaretoken": csrf_token(convenor, "/admin/images/add/"),
            "title": "Dancing in the square",
            "description": "People dancing together in a town square on a sunny afternoon",
            "credit": "Amara Okafor",
            "collection": str(Collection.get_first_root_node().pk),
            "file": ("dancing.png", picture.getvalue(), "image/png"),
        }
    )
    status, headers, page = a.request(
        "POST", "/admin/images/add/", body, {**convenor._headers(), "Content-Type": content_type}
    )
    assert status == 302, page
    image = get_image_model().objects.get(title="Dancing in the square")
    stored = s3.get_object(Bucket=BUCKET, Key=image.file.name)["Body"].read()
    assert stored == picture.getvalue(), "the original is in the shared bucket"

    # Server B has never seen the file: it reads the original from the bucket,
    # makes the rendition its image page shows, and stores that in the bucket.
    other = log_in(b)
    status, _, page = other.get(f"/admin/images/{image.pk}/")
    assert status == 200
    preview = BeautifulSoup(page, "html.parser").select_one("img.show-transparency")
    src = preview["src"]
    assert src.startswith(f"{servers.endpoint}/{BUCKET}/images/"), src
    with urllib.request.urlopen(src, timeout=10) as response:
        assert response.status == 200
        rendition = Image.open(io.BytesIO(response.read()))
    assert rendition.size[0] <= 800 and rendition.size[0] / rendition.size[1] == pytest.approx(1.5, rel=0.01)
    assert rendition.getpixel((10, 10))[:3] == pytest.approx((194, 65, 12), abs=3)
    # And server A answers with the same rendition, made once.
    status, _, page = convenor.get(f"/admin/images/{image.pk}/")
    assert status == 200
    assert src.split("?")[0] in page


def test_the_same_address_signing_up_through_both_servers_makes_one_record(site, servers):
    a, b = servers.a, servers.b
    barrier = threading.Barrier(2)
    statuses = {}

    def sign_up(name, server):
        barrier.wait()
        statuses[name] = server.post_form(
            "/mailing-list/",
            {"email": "Kit.Morgan@example.org", "name": "Kit", "consent": "on", "source": "/"},
        )[0]

    threads = [threading.Thread(target=sign_up, args=pair) for pair in (("a", a), ("b", b))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == {"a": 303, "b": 303}
    # Another address through A, then through B.
    other = {"email": "sam.okoro@example.org", "name": "Sam", "consent": "on", "source": "/"}
    assert a.post_form("/mailing-list/", other)[0] == 303
    assert b.post_form("/mailing-list/", {**other, "email": "Sam.Okoro@Example.org"})[0] == 303
    assert Subscriber.objects.filter(email_normalised="kit.morgan@example.org").count() == 1
    assert Subscriber.objects.filter(email_normalised="sam.okoro@example.org").count() == 1
    assert Subscriber.objects.count() == 2
