"""Script-injection payloads, one per line of attack (tests/security/test_script_injection.py).

Each payload ``n`` calls ``__xss(n)`` (or opens a dialog) if it ever runs, so a run names the payload
and the page. They are kept at most 60 characters where the attack allows it, the length of a group
name; longer ones are cut there for group names, which is then one more payload.
"""

from __future__ import annotations

# fmt: off
PAYLOADS: list[str] = [
    # classic script elements, in every case and broken-up form
    "<script>__xss(0)</script>",
    "<ScRiPt>__xss(1)</sCrIpT>",
    "<scr<script>ipt>__xss(2)</scr</script>ipt>",
    "<svg><script>__xss(3)</script></svg>",
    # event handlers that fire without a click
    "<img src=x onerror=__xss(4)>",
    "<IMG SRC=x OnErRoR=__xss(5)>",
    "<svg onload=__xss(6)>",
    "<svg><animate onbegin=__xss(7) attributeName=x dur=1s>",
    "<details open ontoggle=__xss(8)>",
    "<input autofocus onfocus=__xss(9)>",
    "<video><source onerror=__xss(10)></video>",
    "<body onload=__xss(11)>",
    "<img src=x onerror=alert(12)>",
    "<img src=x onerror=&#95;&#95;xss(13)>",
    # attribute breakers: out of a quoted or unquoted attribute value
    '"><script>__xss(14)</script>',
    "'><img src=x onerror=__xss(15)>",
    '" autofocus onfocus="__xss(16)" x="',
    "' autofocus onfocus='__xss(17)' x='",
    " autofocus onfocus=__xss(18) x=",
    # out of the element the text sits in
    "</textarea><script>__xss(19)</script>",
    "</title><script>__xss(20)</script>",
    "</script><script>__xss(21)</script>",
    "</option></select><img src=x onerror=__xss(22)>",
    "--><img src=x onerror=__xss(23)><!--",
    # URLs that run code
    "javascript:__xss(24)",
    '<a href="javascript:__xss(25)">link</a>',
    '<iframe src="javascript:__xss(26)"></iframe>',
    "<iframe srcdoc='<script>__xss(27)</script>'>",
    '<object data="data:text/html,<script>__xss(28)</script>">',
    "data:text/html;base64,PHNjcmlwdD5fX3hzcygyOSk8L3NjcmlwdD4=",
    '<form><button formaction="javascript:__xss(30)">x',
    '<svg><a href="javascript:__xss(31)"><text>x</text></a></svg>',
    '<base href="javascript:__xss(32)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:__xss(33)">',
    # template injection (Django, Jinja, Angular-style client templates)
    "{{ __xss(34) }}",
    "{% debug %}{{ settings.SECRET_KEY }}__xss(35)",
    "${__xss(36)}",
    "{{constructor.constructor('__xss(37)')()}}",
    # htmx attributes: requests, handlers, swaps
    '<div hx-get="/xss-38" hx-trigger="load">x</div>',
    '<button hx-on:click="__xss(39)" autofocus>x</button>',
    '<div hx-on::load="__xss(40)">x</div>',
    '<div hx-get="/c/" hx-trigger="load" hx-swap="xss41">',
    # CSS
    '<div style="width:expression(__xss(42))">x</div>',
    "<style>@import'javascript:__xss(43)';</style>",
    '<div style="background:url(javascript:__xss(44))">',
    # mutation and namespace confusion
    "<math><mtext><table><mglyph><style><img src=x onerror=__xss(45)>",
    '<noscript><p title="</noscript><img src=x onerror=__xss(46)>">',
    # encoded forms that must stay text
    "&lt;img src=x onerror=__xss(47)&gt;",
    "%3Cscript%3E__xss(48)%3C/script%3E",
    "\\u003cscript\\u003e__xss(49)\\u003c/script\\u003e",
    "\uff1cscript\uff1e__xss(50)\uff1c/script\uff1e",
    "<img src=x onerror=\u005f_xss(51)>",
    # Markdown (the Markdown report)
    "[click](javascript:__xss(52))",
    "![x](javascript:__xss(53))",
    "<javascript:__xss(54)>",
    '[a](data:text/html,<script>__xss(55)</script> "t")',
]
# fmt: on

# The pages look for these in what a payload would leave behind if it became markup.
MARKER = "xss"
