"""The second weak labeler: concept tags from what a function's own documentation says it does.

Code rules (``rules.py``) see what a snippet *uses*; the first sentence of a docstring or doc comment
says what the function is *about* ("Sort the entries by date", "Send a GET request"), including for
code with no telling API call (a hand-written quicksort, a retry loop around a socket). Training
pairs from ``models/describer/mine_pairs.py`` carry that sentence, and the code they keep has the
documentation removed, so a model trained on these labels has to find the concept in the code.
Patterns are matched against the lowercased sentence; they prefer precision.
"""

from __future__ import annotations

import re

DOC_RULES: dict[str, str] = {
    "http-client": r"\bhttp (get |post |put |delete |head )?requests?\b|\b(send|make|perform|issue)s? an? "
                   r"(http|get|post|put|delete|rest|api) (request|call)|"
                   r"\bdownloads? .*\bfrom (the |a )?(url|web|server)|"
                   r"\bfetch(es)? .*\bfrom (the |a )?(url|api|server|remote)\b|\brest (api|client)\b",
    "web-server": r"\b(route|endpoint|request handler|middleware|web server|http server|serve[sd]? http)\b|"
                  r"\bhandles? (the |an |a )?(incoming )?(http |web )?requests?\b",
    "sockets": r"\bsockets?\b|\btcp\b|\budp\b|\bwebsockets?\b",
    "urls": r"\burls?\b|\buris?\b|\bquery strings?\b|\burl[- ]?encod",
    "email": r"\be-?mails?\b|\bsmtp\b|\bmailbox\b|\bmime\b",
    "message-queues": r"\bmessage (queue|broker)s?\b|\bkafka\b|\brabbitmq\b|\bamqp\b|\bpub/?sub\b|\bmqtt\b",
    "json": r"\bjson\b",
    "yaml": r"\bya?ml\b",
    "csv": r"\bcsv\b|\bcomma[- ]separated\b|\btab[- ]separated\b",
    "xml": r"\bxml\b|\bxpath\b|\bxslt?\b",
    "html-parsing": r"\b(parse|scrape|extract)s? .*\bhtml\b|\bhtml (parser|document|tree)\b",
    "serialization": r"\bseriali[sz]|\bdeseriali[sz]|\bunmarshal|\bmarshal|\bprotobuf|\bmsgpack\b|\bpickl",
    "text-encoding": r"\bbase64\b|\bhex(adecimal)? (string|encod|digest)|\bunicode\b|\butf-?(8|16|32)\b|\bencoding\b|"
                     r"\bcharset\b|\bcode ?points?\b",
    "regex": r"\bregular expressions?\b|\bregex(es|p)?\b|\bpattern match(es|ing)? (against|on) ",
    "string-formatting": r"\bformat(s|ted|ting)? (the |a |an )?(string|number|value|message|date|time|output|size|"
                         r"duration|text)|\bpad(s|ded|ding)?\b.*\b(string|zeros?|spaces?)\b|\bpretty[- ]print",
    "string-manipulation": r"\b(strings?|substrings?|characters?|whitespace|text)\b.*\b(trim|split|join|replac|revers|"
                           r"uppercase|lowercase|capitali[sz]|truncat|strip|concatenat)|\b(trim|split|join|replac|"
                           r"revers|truncat|strip|concatenat)\w* .*\b(strings?|whitespace|characters?)\b|\bpalindrome",
    "parsing": r"\bparse[sd]?\b|\bparsing\b|\bparser\b|\btokeni[sz]|\blexer\b|\bgrammar\b|\bsyntax tree\b",
    "file-io": r"\b(read|write|open|load|save|dump|append)s? .*\b(files?|to disk|from disk)\b|"
               r"\bfile (contents?|handles?|streams?|descriptors?)\b",
    "filesystem-paths": r"\b(paths?|directory|directories|folders?|filenames?|file names?)\b|\bglob\b",
    "processes": r"\b(sub)?process(es)?\b|\bchild process|\bspawn|\bexit (code|status)\b|\bsignals?\b|\bshell command",
    "environment-config": r"\benvironment variables?\b|\bconfig(uration)?\b|\bsettings?\b|\benv vars?\b",
    "cli-arguments": r"\bcommand[- ]line\b|\b(cli|argv)\b|\bflags?\b.*\barguments?\b|\busage (message|string)\b|"
                     r"\bsubcommands?\b",
    "logging": r"\blog(s|ged|ging)?\b(?! ?(scale|arithm|odds|likelihood|probab|base|\())|\bloggers?\b",
    "scheduling": r"\bschedul|\bcron\b|\bperiodic(ally)?\b|\btimers?\b|\bintervals? timer",
    "sql": r"\bsql\b|\bqueries\b|\bquery\b.*\b(database|table|db)\b|\bdatabase\b|\btables?\b.*\brows?\b|"
           r"\btransactions?\b",
    "orm": r"\borm\b|\bactive ?record\b|\bmodel instances?\b|\bquerysets?\b|\bsqlalchemy\b|\bhibernate\b",
    "key-value-store": r"\bredis\b|\bmemcache|\bkey[- ]value (store|database|pairs? store)\b|\blocal ?storage\b",
    "caching": r"\bcach(e|es|ed|ing)\b|\bmemoi[sz]",
    "async": r"\basync(hronous(ly)?)?\b|\bpromises?\b|\bfutures?\b|\bcoroutines?\b|\bawait|\bevent loop\b",
    "threads": r"\bthreads?\b|\bmutex(es)?\b|\blocks? (the |a )?|\block(ed|ing)? (mutex|resource)|\batomic(ally)?\b|"
               r"\bthread[- ]safe\b|\bsemaphore|\bconcurren",
    "channels": r"\bchannels?\b",
    "testing": r"\btests?\b|\btesting\b|\bassert(s|ion|ions)?\b|\bfixtures?\b",
    "mocking": r"\bmock(s|ed|ing)?\b|\bstubs?\b|\bfakes?\b|\bspy\b|\bspies\b",
    "benchmarking": r"\bbenchmark|\bprofil(e|es|ing)\b.*\b(time|perform|cpu)|\belapsed time\b|\bmeasures? .*\btime\b",
    "datetime": r"\bdates?\b|\btimestamps?\b|\btime ?zones?\b|\bdatetime\b|\bdurations?\b|\b(seconds|milliseconds|days|"
                r"hours|minutes)\b|\bcalendar\b|\bepoch\b",
    "random": r"\brandom(ly|ness|i[sz]e)?\b|\bshuffl|\bseed\b",
    "math": r"\b(square root|sqrt|logarithm|exponent|factorial|prime|gcd|lcm|modul(o|us|ar)|trigonometr|sine|cosine|"
            r"tangent|round(s|ed|ing)? (to|up|down|half)|absolute value|power of|fibonacci|integer division|"
            r"floor|ceil(ing)?|polynomial|derivative|integral)\b",
    "linear-algebra": r"\bmatri(x|ces)\b|\bvectors?\b(?! of)|\bdot product\b|\bcross product\b|\bdeterminant\b|"
                      r"\beigen|\btranspos|\bquaternion",
    "statistics": r"\bmean\b|\bmedian\b|\bvariance\b|\bstandard deviation\b|\bpercentiles?\b|\bquantiles?\b|"
                  r"\bhistogram\b|\bstatistic|\bregression\b|\bcorrelation\b|\baverage\b",
    "dataframes": r"\bdata ?frames?\b|\bpandas\b",
    "machine-learning": r"\bmachine learning\b|\bneural\b|\b(train|fit)s? (the |a )?(model|classifier|network)\b|"
                        r"\bclassifier\b|\bembeddings?\b|\bgradients?\b|\bpredictions?\b",
    "image-processing": r"\bimages?\b|\bpixels?\b|\bbitmaps?\b|\bthumbnails?\b|\bjpe?g\b|\bpng\b",
    "data-visualization": r"\bplot(s|ted|ting)?\b|\bcharts?\b|\bgraph of\b|\baxes\b|\bfigure\b",
    "sorting": r"\bsort(s|ed|ing)?\b|\border(s|ed)? by\b|\bcompar(e|es|ator)\b.*\b(order|sort)",
    "searching": r"\bbinary search\b|\bsearch(es|ing)? (for|the|a|an|through)\b|"
                 r"\bfinds? (the )?(first|index|position)\b|\blook(s)? ?up\b",
    "recursion": r"\brecursiv(e|ely)\b|\brecursion\b",
    "dynamic-programming": r"\bdynamic programming\b|\blongest common\b|\bedit distance\b|\blevenshtein\b|\bknapsack\b",
    "backtracking": r"\bbacktrack|\bpermutations?\b|\bn-queens\b|\bsudoku\b|\bcombinations?\b",
    "graphs": r"\bgraphs?\b(?! of)|\bvertex\b|\bvertices\b|\bedges?\b.*\bnodes?\b|\bshortest path|\btopological|"
              r"\bdijkstra|\bspanning tree\b|\bbreadth[- ]first\b|\bdepth[- ]first\b|\bunion[- ]find\b",
    "trees": r"\btrees?\b|\bsubtrees?\b|\bleaf\b|\bleaves\b|\bchild(ren)? nodes?\b|\bparent node\b|\btrie\b",
    "linked-lists": r"\blinked lists?\b|\bnext (node|pointer)\b",
    "stacks-queues": r"\bstacks?\b|\bqueues?\b|\bdeques?\b|\bpush(es)? .*\bonto\b|"
                     r"\bpops? .*\bfrom (the )?(stack|queue)",
    "heaps": r"\bheaps?\b(?! (memory|alloc))|\bpriority queues?\b",
    "hashing": r"\bhash(es|ed|ing)?\b|\bchecksums?\b|\bdigests?\b|\bcrc\b|\bmd5\b|\bsha-?\d*\b",
    "bit-manipulation": r"\bbits?\b|\bbitwise\b|\bbit ?masks?\b|\bbit ?fields?\b|\bendian",
    "compression": r"\bcompress|\bdecompress|\bzip\b|\bgzip\b|\bzlib\b|\bdeflate\b|\binflate\b|\barchives?\b|\btar\b",
    "error-handling": r"\bexceptions?\b|\berrors?\b|\braises?\b|\bthrows?\b|\bfail(s|ure)?\b|\bpanics?\b|"
                      r"\bretr(y|ies)\b",
    "iterators": r"\biterat(e|es|or|ors|able|ion)\b|\bgenerators?\b|\byields?\b|\blazy\b|\blazily\b",
    "higher-order-functions": r"\bcallbacks?\b|\bclosures?\b|\blambdas?\b|"
                              r"\b(given|supplied|passed) (function|predicate|callable|block)\b|\bpredicate\b|"
                              r"\bfor each (element|item)\b|\bmap(s|ped)? (each|over|the given function)\b|"
                              r"\breduc(e|es|er)\b",
    "classes": r"\bconstructors?\b|\bconstructs? (a |an |the )?new\b|\bsubclass(es)?\b|\bsuperclass\b|\binherit|"
               r"\binstance of (the |this )?class\b|\bcreates? (a |an )?new instance\b|\bclass\b",
    "interfaces": r"\binterfaces?\b|\btraits?\b|\bprotocols?\b(?! buffer)|\babstract\b",
    "generics": r"\bgeneric(s|ally)?\b|\btype parameters?\b|\btemplates? (type|parameter|argument)",
    "pattern-matching": r"\bpattern[- ]match|\bmatch(es)? (on|against) (the )?(variant|case|pattern)|\bdestructur",
    "optionals": r"\boptional\b|\bnullable\b|\bnull\b|\bnil\b|\bnone\b|\bmaybe\b|\bif (it is |any|present)\b|"
                 r"\bor (null|nil|none|undefined)\b",
    "pointers-memory": r"\bpointers?\b|\bmemory\b|\ballocat|\bfree[sd]?\b|\bbuffers?\b|\breference count|\bmalloc\b|"
                       r"\blifetimes?\b|\bownership\b",
    "metaprogramming": r"\bmacros?\b|\bdecorat|\breflection\b|\breflective|\bannotations?\b|\bmetaclass|"
                       r"\bintrospect|\bcode generation\b",
    "events": r"\bevents?\b|\blisteners?\b|\bobservers?\b|\bsubscrib|\bnotif(y|ies|ication)\b|\bemit",
    "ffi": r"\bffi\b|\bnative (code|library|function|method|call)\b|\bc (function|library|api|string)\b|\bjni\b|"
           r"\bbindings?\b",
    "authentication": r"\bauthenticat|\blog ?in\b|\blogs? (the user )?in\b|\bpasswords?\b|\bcredentials?\b|\boauth\b|"
                      r"\bsessions?\b|\b(access|auth|bearer|api) tokens?\b|\bjwt\b|\bsign(s)? (in|out)\b",
    "validation": r"\bvalidat|\bis valid\b|\bwhether .*\bvalid\b|\bsanitiz|\bschema\b|\bverif(y|ies) (that|the|a)\b",
    "cryptography": r"\bencrypt|\bdecrypt|\bcipher|\bsignatures?\b|\bhmac\b|\bprivate key\b|\bpublic key\b|"
                    r"\bkey derivation\b|\bcrypto|\bsign(s|ed)? (the |a )?(message|data|payload|request)\b|"
                    r"\brsa\b|\baes\b",
    "localization": r"\blocali[sz]|\blocales?\b|\btranslat(e|es|ed|ion|ions)\b|\bi18n\b|\bl10n\b|\bplural",
    "gui": r"\bwindows?\b|\bwidgets?\b|\bbuttons?\b|\bdialogs?\b|\bmenus?\b|\btoolbar\b|\bview controller\b|"
           r"\bscreen\b|\bclick",
    "ui-components": r"\bcomponents?\b.*\b(render|props?|state)\b|\bprops\b|\bre-?render",
    "dom": r"\bdom\b|\b(html )?elements?\b.*\b(page|document)\b|\bcss selector\b|\bdocument\b.*\belements?\b",
    "css-layout": r"\bcss\b|\bstyles?(heets?)?\b|\blayout\b|\bflexbox\b",
    "html-templating": r"\btemplates?\b|\brenders? .*\bhtml\b|\bhtml\b.*\btemplat",
    "graphics": r"\bdraw(s|ing|n)?\b|\brender(s|ing)? (the )?(scene|frame|sprite|shape|texture)|\bcanvas\b|\bopengl\b|"
                r"\bshaders?\b|\btextures?\b|\bsprites?\b|\bpolygons?\b|\bvertices\b",
    "build-scripts": r"\bbuild (script|step|target|system|configuration)\b|"
                     r"\bcompil(e|es|er) (the )?(project|sources?)\b|"
                     r"\bpackag(e|ing) (the )?(project|release)\b|\bdependenc(y|ies)\b.*\b(install|resolv)",
    "containers": r"\bdocker\b|\bcontainers? (image|runtime)\b|\bkubernetes\b|\bpods?\b|\bcompose file\b",
    "git": r"\bgit\b|\bcommits?\b|\bbranch(es)?\b.*\b(repo|merge)|\brepositor(y|ies)\b",
}

COMPILED = [(tag, re.compile(pattern)) for tag, pattern in DOC_RULES.items()]


def doc_labels(summary: str) -> set[str]:
    """The tags a function's one-sentence documentation names."""
    text = summary.lower()
    return {tag for tag, pattern in COMPILED if pattern.search(text)}
