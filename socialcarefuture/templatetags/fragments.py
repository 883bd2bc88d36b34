"""``{% fragment "name" part ... %}...{% endfragment %}``: keep what is between
the tags ready-made, under the page cache's generation (see
``socialcarefuture/fragments.py``). Anything the fragment's template reads
lazily (a queryset, a lazy context value) is not read at all on a hit.

``when=value`` at the end keeps it only when ``value`` is true (a listing of
things whose changes do not purge the page cache is drawn afresh each time)."""

from django import template
from django.utils.safestring import mark_safe

from socialcarefuture import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, parts, when=None):
        self.nodelist, self.name, self.parts, self.when = nodelist, name, parts, when

    def render(self, context):
        if self.when is not None and not self.when.resolve(context):
            return self.nodelist.render(context)
        request = context.get("request")
        name = self.name.resolve(context)
        parts = [part.resolve(context) for part in self.parts]
        html = fragments.cached(name, request, lambda: str(self.nodelist.render(context)), *parts)
        return mark_safe(html)  # noqa: S308 - our own template's output, kept as rendered


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a name")
    when = None
    if bits[-1].startswith("when="):
        when = parser.compile_filter(bits.pop()[len("when=") :])
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    parts = [parser.compile_filter(bit) for bit in bits[2:]]
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), parts, when)
