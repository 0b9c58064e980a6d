"""The evidence rules: concept tags from clear evidence in a snippet (imports, API names, syntax).

They label the tagger's training data (``models/tagger``, as the weak labeler), are the baseline the
model is measured against, and their verdicts are among the model's input features (version 4).
Each rule is a regular expression for one tag, optionally limited to some languages; a few
structural checks (a function that calls itself, swap loops, adjacency lists) need no library call
at all. Rules prefer precision: they fire on evidence a reader would accept, not on what merely
might apply. They run on every tagged snippet, so each is searched alternative by alternative, and
only where the snippet holds the literal the alternative needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from lsp_server.engine.tagger.structure import looks_like_hand_sort, recursive_functions, walks_multiples

RULES_VERSION = "1"

C_LIKE = {"c", "cpp", "objective-c"}
JS = {"javascript", "typescript"}
JVM = {"java", "kotlin", "scala", "groovy"}
SHELL = {"shellscript", "bat", "powershell"}

# (tag, pattern, languages or None for any)
# fmt: off
RULES: list[tuple[str, str, set[str] | None]] = [
    # networking and web
    ("http-client", r"\brequests\.(get|post|put|delete|patch|Session)\b|\bhttpx\.|\burllib\.request\b|\burlopen\(|"
                    r"\baiohttp\.ClientSession|\bhttp\.client\b", {"python"}),
    ("http-client", r"\bfetch\(|\baxios\b|\bXMLHttpRequest\b|\bhttp\.request\(|\bgot\(|\bsuperagent\b", JS),
    ("http-client", r"\bhttp\.(Get|Post|NewRequest|DefaultClient)\b|&http\.Client\{|\.Do\(req\)", {"go"}),
    ("http-client", r"\bHttpClient\b|\bHttpURLConnection\b|\bOkHttpClient\b|\bRestTemplate\b|\bWebClient\b|"
                    r"\bHttpRequest\.newBuilder", JVM | {"csharp"}),
    ("http-client", r"\breqwest::|\bhyper::Client|\bureq::", {"rust"}),
    ("http-client", r"\bNet::HTTP\b|\bFaraday\b|\bHTTParty\b|\bcurl_(init|exec|setopt)\b|\bGuzzleHttp\b|"
                    r"\bfile_get_contents\(\s*['\"]https?://", {"ruby", "php"}),
    ("http-client", r"\bcurl_easy_|\bURLSession\b|\bNSURLConnection\b|\bAlamofire\b", C_LIKE | {"swift"}),
    ("http-client", r"(^|\s)(curl|wget)\s+(-[-\w]+\s+)*['\"]?https?://|\bInvoke-(WebRequest|RestMethod)\b",
     SHELL | {"dockerfile", "makefile"}),
    ("web-server", r"@(app|router|bp|blueprint)\.(route|get|post|put|delete)\(|\bFastAPI\(|\bFlask\(__name__\)|"
                   r"\bdjango\.urls\b|\burlpatterns\b|\bHTTPServer\(|BaseHTTPRequestHandler", {"python"}),
    ("web-server", r"\bexpress\(\)|\bapp\.(get|post|put|delete|use|listen)\(|\bcreateServer\(|\brouter\.(get|post)\(|"
                   r"\bkoa\b|\bfastify\b|\bres\.(send|json|status)\(", JS),
    ("web-server", r"\bhttp\.(HandleFunc|Handle|ListenAndServe|ResponseWriter|NewServeMux)\b|\bgin\.|\becho\.New\(",
     {"go"}),
    ("web-server", r"@(Get|Post|Put|Delete|Request)Mapping\b|@RestController\b|\bHttpServlet\b|@Path\(\"|"
                   r"\bHttpServer\.create\b|\bktor\b|\brouting\s*\{", JVM),
    ("web-server", r"\[Http(Get|Post|Put|Delete)\]|\bMapGet\(|\bControllerBase\b|\bWebApplication\.", {"csharp"}),
    ("web-server", r"\bactix_web\b|\baxum::|\bwarp::|\brocket::|#\[(get|post)\(\"", {"rust"}),
    ("web-server", r"\bSinatra\b|^\s*(get|post)\s+['\"]/|\bRails\.application\.routes\b|\bRoute::(get|post)\(|"
                   r"\$_(GET|POST|SERVER)\[", {"ruby", "php"}),
    ("sockets", r"\bsocket\.(socket|create_connection|AF_INET)\b|\bsocketserver\b|\bwebsockets?\b", {"python"}),
    ("sockets", r"\bsocket\s*\(\s*(AF_INET|PF_INET|AF_UNIX|AF_INET6)|\b(bind|listen|accept|connect)\s*\(\s*\w+\s*,"
                r"|\bstruct sockaddr", C_LIKE),
    ("sockets", r"\bnet\.(Listen|Dial|DialTCP|ListenUDP|Conn)\b", {"go"}),
    ("sockets", r"\bnew WebSocket\(|\bnet\.createServer\(|\bsocket\.io\b|\bdgram\b", JS),
    ("sockets", r"\b(Server)?Socket\s*\(|\bSocketChannel\b|\bTcpListener\b|\bTcpStream\b|\bUdpSocket\b|"
                r"\bTcpClient\b", JVM | {"csharp", "rust"}),
    ("sockets", r"\bTCPSocket\b|\bTCPServer\b|\bsocket_create\(|\bfsockopen\(|\bstream_socket_", {"ruby", "php"}),
    ("urls", r"\burllib\.parse\b|\burlparse\(|\burlencode\(|\bquote_plus\(|\bnew URL\(|\bURLSearchParams\b|"
             r"\bencodeURIComponent\(|\burl\.(Parse|Values|QueryEscape)\b|\bURI\.(parse|encode)|\bUri\.Builder\b|"
             r"\bparse_url\(|\bhttp_build_query\(|\bURLComponents\b", None),
    ("email", r"\bsmtplib\b|\bEmailMessage\b|\bMIMEText\b|\bnodemailer\b|\bsendMail\(|\bmail\(\s*\$|\bPHPMailer\b|"
              r"\bjavax\.mail\b|\bSmtpClient\b|\bMailMessage\b|\bActionMailer\b|\bnet/smtp\b|\blettre::", None),
    ("message-queues", r"\bKafka(Producer|Consumer)\b|\bbasic_(publish|consume)\b|\bpika\b|\bamqp|\bsqs\b|"
                       r"\breceive_message\(|\bRabbitMQ\b|\bnats\.|\bzmq\.|\bZeroMQ\b|\bcelery\b",
     None),
    # data formats
    ("json", r"\bjson\.(loads?|dumps?)\b|\bJSON\.(parse|stringify)\b|\bjson\.(Marshal|Unmarshal|NewDecoder|NewEncoder)\b"
             r"|\bserde_json\b|\bjson_(encode|decode)\(|\bJSON\.(generate|pretty_generate)|\.to_json\b|\bJsonSerializer\b"
             r"|\bObjectMapper\b|\bGson\b|\bJSONObject\b|\bJsonConvert\b|\bJSONDecoder\b|\bJSONEncoder\b|"
             r"\bjsonify\(|\bres\.json\(|\.json\(\)|\bjq\s+['\"-.]|\bcJSON_", None),
    ("yaml", r"\byaml\.(safe_load|load|dump|safe_dump|Unmarshal|Marshal)\b|\bYAML\.(load|dump|load_file|parse)\b|"
             r"\bserde_yaml\b|\bSnakeYAML\b|\bnew Yaml\(|\bjs-yaml\b|\bruamel\b", None),
    ("csv", r"\bcsv\.(reader|writer|DictReader|DictWriter|NewReader|NewWriter)\b|\bread[._]csv\(|\bto_csv\(|"
            r"\bfgetcsv\(|\bfputcsv\(|\bCSV\.(read|parse|foreach|open)\b|\bCSVParser\b|\bcsv::(Reader|Writer)", None),
    ("xml", r"\bElementTree\b|\bxml\.(etree|dom|sax)\b|\blxml\b|\bDocumentBuilder(Factory)?\b|\bXDocument\b|\bXmlDocument\b"
            r"|\bXPath\b|\bxml\.(Unmarshal|Marshal|NewDecoder)\b|\bSAXParser\b|\bDOMParser\b|\bsimplexml_load|"
            r"\bNokogiri::XML\b|\bxmlReadFile\b|\bquick_xml\b|\bXMLParser\b", None),
    ("html-parsing", r"\bBeautifulSoup\b|\bfind_all\(|\bNokogiri::HTML\b|\bcheerio\b|\bJsoup\b|\bhtml\.parser\b|"
                     r"\bHtmlAgilityPack\b|\bgoquery\b|\bscraper::Html\b|\bHTMLParser\b", None),
    ("serialization", r"\bpickle\.(dumps?|loads?)\b|\bmarshal\.(dumps?|loads?)\b|#\[derive\([^)]*Serialize|"
                      r"\bimplements\s+Serializable\b|\bObjectOutputStream\b|\bSerializeToString\b|\bParseFromString\b|"
                      r"\bprotobuf\b|\bmsgpack\b|\bbincode\b|\bgob\.(NewEncoder|NewDecoder)\b|\bserialize\(\s*\$|"
                      r"\bunserialize\(|\bMarshal\.(dump|load)\b|\[Serializable\]|@Serializable\b|\bCodable\b", None),
    ("text-encoding", r"\.(encode|decode)\(\s*['\"](utf-?8|ascii|latin-?1|utf-?16)|\bbase64\b|\bb64(en|de)code\b|"
                      r"\bbtoa\(|\batob\(|\bTextDecoder\b|\bTextEncoder\b|\butf8\.\w+\(|\bunicode\.\w+\(|"
                      r"\bStandardCharsets\b|\bEncoding\.UTF8\b|\bmb_\w+\(|\biconv\b|\bhexlify\b|\bhex::(encode|decode)|"
                      r"\bfrom_utf8\b|\bwchar_t\b|\bmbstowcs\b", None),
    # text
    ("regex", r"\bre\.(compile|match|search|sub|findall|finditer|fullmatch|split)\(|\bregexp\.(MustCompile|Compile|"
              r"MatchString)\b|\bnew RegExp\(|\bRegex\(|\bRegex::new\b|\bPattern\.compile\(|\bpreg_(match|replace|split)"
              r"|\bregcomp\(|\bstd::regex\b|\bNSRegularExpression\b|=~\s*/|\.(match|replace|test)\(\s*/[^/\n]+/[gimsuy]*"
              r"|\b(grep|egrep)\s+-[A-Za-z]*E|\bsed\s+-E?\s*['\"]s/", None),
    ("string-formatting", r"\bf\"[^\"]*\{|\bf'[^']*\{|\.format\(|\b(s|sn|f|v|as)?printf\s*\(|\bformat!\(|\bprintln!\(\s*\""
                          r"[^\"]*\{|\bString\.format\(|\bfmt\.(Sprintf|Printf|Fprintf|Errorf)\(|\bstring\.Format\(|"
                          r"\bsprintf\(|\bstd::format\b|%-?\d*\.?\d*[sdf]\"\s*%\s*\(", None),
    ("string-manipulation", r"\.(split|join|strip|lstrip|rstrip|upper|lower|replace|startswith|endswith|capitalize)\("
                            r".*\.(split|join|strip|upper|lower|replace)\(|\bstrings\.(Split|Join|Fields|TrimSpace|ToUpper|"
                            r"ToLower|Replace|HasPrefix)\b|\.(toUpperCase|toLowerCase|trim|substring|padStart|charAt)\(|"
                            r"\bstr(cat|cpy|ncpy|tok|chr|rchr|str|len)\s*\(|\bStringBuilder\b|\bstr_(replace|split|pad)\(|"
                            r"\[::-1\]", None),
    ("parsing", r"\btokeni[sz]e\w*\b|\bTokenizer\b|\blexer\b|\bLexer\b|\bparse_(expr|expression|term|factor|statement)"
                r"\b|\bparseExpression\b|\brecursive.descent\b|\bAST\b|\bast\.(parse|NodeVisitor|walk)\b|\bnom::|\bpest::"
                r"|\bpeek\(\)\s*==|\bnext_token\b|\bnextToken\b", None),
    # files and system
    ("file-io", r"\bopen\([^)]*['\"][rwab+]{1,3}['\"]|\bwith open\(|\.read_text\(|\.write_text\(|\bfopen\s*\(|\bfgets\s*\(|"
                r"\bfread\s*\(|\bfwrite\s*\(|\bos\.(ReadFile|WriteFile|Open|Create)\b|\bioutil\.(ReadFile|WriteFile)\b|"
                r"\bbufio\.NewScanner\b|\bFiles\.(readAllLines|readString|write|newBufferedReader|lines)\b|\bFileReader\b|"
                r"\bFileWriter\b|\bBufferedReader\b|\bFile\.(read|write|open|ReadAllText|WriteAllText|ReadAllLines)\b|"
                r"\bfs\.(readFile|writeFile|readFileSync|writeFileSync|createReadStream|createWriteStream)\b|"
                r"\bstd::fs::|\bFile::(open|create)\b|\bifstream\b|\bofstream\b|\bfile_(get|put)_contents\(|"
                r"\bIO\.(read|readlines|write)\b|\bStreamReader\b|\bStreamWriter\b", None),
    ("filesystem-paths", r"\bpathlib\b|\bPath\([^)]*\)\.(glob|rglob|iterdir|exists|mkdir|parent)|\bos\.path\.\w+\(|"
                         r"\bos\.(walk|listdir|makedirs|scandir)\(|\bglob\.glob\(|\bshutil\.|\bpath\.(join|resolve|"
                         r"dirname|basename|extname)\(|\bfilepath\.(Join|Walk|WalkDir|Glob|Abs|Dir|Base|Ext)\b|"
                         r"\bPaths\.get\(|\bPath\.of\(|\bDirectory\.\w+\(|\bPath\.Combine\(|\bstd::filesystem\b|"
                         r"\bPathBuf\b|\bread_dir\(|\bopendir\(|\breaddir\(|\bmkdir\s+-p\b|\bfind\s+\S+\s+-(name|type)\b",
     None),
    ("processes", r"\bsubprocess\.(run|Popen|call|check_output|check_call)\b|\bos\.(system|popen|spawn\w*|fork|exec\w*)\("
                  r"|\bchild_process\b|\b(spawn|execFile|execSync|spawnSync)\(|\bexec\.Command\b|\bos/exec\b|"
                  r"\bfork\s*\(\s*\)|\bexecv[pe]?\s*\(|\bwaitpid\s*\(|\bProcessBuilder\b|\bRuntime\.getRuntime\(\)\.exec|"
                  r"\bProcess\.Start\b|\bstd::process::Command\b|\bCommand::new\b|\bproc_open\(|\bshell_exec\(|"
                  r"\bOpen3\b|\bIO\.popen\b|\bposix_spawn\b|\bkill\s+-\d+\b|\bnohup\b", None),
    ("environment-config", r"\bos\.environ\b|\bos\.getenv\(|\bprocess\.env\b|\bdotenv\b|\bos\.(Getenv|LookupEnv|Setenv)\b|"
                           r"\bSystem\.getenv\(|\bEnvironment\.GetEnvironmentVariable\b|\benv::var\(|\bgetenv\s*\(|"
                           r"\bENV\[|\bconfigparser\b|\bviper\.|\bConfigParser\b|\$_ENV\[|\bIConfiguration\b|"
                           r"\bsettings\.py\b|\bProperties\(\)|\.properties\b", None),
    ("cli-arguments", r"\bargparse\b|\bArgumentParser\(|\badd_argument\(|\bsys\.argv\b|\bgetopt\b|\bclick\.(command|option|"
                      r"argument)\b|\btyper\b|\bflag\.(String|Int|Bool|Parse|Var)\w*\(|\bos\.Args\b|\bclap::|#\[derive\([^)]*"
                      r"Parser|\bstructopt\b|\bargc\b.*\bargv\b|\bprocess\.argv\b|\byargs\b|\bcommander\b|\$argv\b|"
                      r"\bARGV\b|\bOptionParser\b|\bgetopts\b|\bwhile\s+\[\[?\s+\$#\s+-gt\s+0|\bcase\s+\"?\$1\"?\s+in\b",
     None),
    ("logging", r"\blogging\.(getLogger|basicConfig|info|debug|warning|error)\b|\blogger\.(info|debug|warn|warning|error|"
                r"trace)\(|\bLoggerFactory\b|\bLogger\.getLogger\b|\bslog\.|\blog\.(Printf|Println|Fatal\w*|info|debug|"
                r"warn|error)!?\(|\btracing::|\bILogger\b|\bLog\.(d|e|i|w)\(|\bwinston\b|\bpino\b|\bsyslog\(|"
                r"\bconsole\.(warn|error)\(", None),
    ("scheduling", r"\bsetInterval\(|\bcron\b|\bcrontab\b|\bScheduledExecutorService\b|\bscheduleAtFixedRate\b|"
                   r"\btime\.(NewTicker|Tick|AfterFunc)\b|\bschedule\.every\b|\bsched\b|\bAPScheduler\b|@Scheduled\b|"
                   r"\bTimer\(\s*\)|\bTimerTask\b|\bsystemd\.timer\b|\bQuartz\b", None),
    # data stores
    ("sql", r"(?i)\b(select\s+[\w*,\s.()]+\s+from\s+\w|insert\s+into\s+\w+|update\s+\w+\s+set\s+\w|delete\s+from\s+\w|"
            r"create\s+(table|index|view)\s+\w|alter\s+table\s+\w)|\bsqlite3\b|\bcursor\.execute\(|"
            r"\bdatabase/sql\b|\bsql\.Open\(|\bPreparedStatement\b|\bDriverManager\b|\bSqlCommand\b|\bPDO\b|"
            r"\bmysqli_|\bpsycopg2?\b|\bsqlx::|\bdiesel::|\bJdbcTemplate\b", None),
    ("orm", r"\bmodels\.Model\b|\bmodels\.(CharField|ForeignKey|IntegerField)\b|\bsession\.query\(|\bdeclarative_base\b|"
            r"\bActiveRecord\b|\bhas_many\b|\bbelongs_to\b|\bDbContext\b|\bDbSet<|@Entity\b|\b@Table\b|\bEntityManager\b|"
            r"\bgorm\.|\bsequelize\b|\bSequelize\b|\bprisma\.|\bTypeORM\b|\bEloquent\b|\bMapped\[|\bdiesel::prelude",
     None),
    ("key-value-store", r"\bredis\b|\bRedis\b|\bJedis\b|\blocalStorage\.(setItem|getItem)\b|\bsessionStorage\b|"
                        r"\bmemcache\w*\b|\bbolt\.Open\b|\bleveldb\b|\bLevelDB\b|\brocksdb\b|\betcd\b|\bdbm\b|\bshelve\b",
     None),
    ("caching", r"\blru_cache\b|@cache\b|@cached\b|\bfunctools\.cache\b|\bCacheBuilder\b|\bCache-Control\b|\bcache\.(get|set"
                r"|put)\(|\bLRUCache\b|\blru::|\bmemoize\w*\b|\bcachetools\b|@Cacheable\b|\bIMemoryCache\b", None),
    # concurrency
    ("async", r"\basync\s+(def|fn|function|move)\b|\bawait\b|\basyncio\.|\bPromise\.(all|race|resolve|allSettled)\b|"
              r"\bnew Promise\(|\.then\(|\btokio::|\bsuspend\s+fun\b|\blaunch\s*\{|\basync\s*\{|\bTask\.(Run|WhenAll)\b|"
              r"\bCompletableFuture\b|\bFuture<|\bDispatchQueue\.\w+\.async\b", None),
    ("threads", r"\bthreading\.(Thread|Lock|RLock|Event|Semaphore)\b|\bThreadPoolExecutor\b|\bpthread_\w+\(|"
                r"\bstd::thread\b|\bstd::mutex\b|\bsync\.(Mutex|RWMutex|WaitGroup|Once)\b|\bgo\s+func\b|"
                r"\bExecutorService\b|\bExecutors\.\w+\(|\bnew Thread\(|\bsynchronized\b|\bThread\.(start|sleep)\b|"
                r"\bthread::spawn\b|\bArc<Mutex|\bMutex::new\b|\bAtomic\w+\b|\bWorker\(|\bParallel\.For|"
                r"\bmultiprocessing\.(Pool|Process)\b|\block\s*\(\s*\w+\s*\)\s*\{", None),
    ("channels", r"\bchan\s+\w|\bmake\(chan\b|<-\s*\w+|\bselect\s*\{", {"go"}),
    ("channels", r"\bmpsc::|\bcrossbeam_channel\b|\bBlockingQueue\b|\bChannel<|\bChannel\(\)|\bqueue\.Queue\(|"
                 r"\basyncio\.Queue\(", None),
    # quality
    ("testing", r"\bimport pytest\b|\bdef test_\w+\(|\bunittest\.TestCase\b|\bself\.assert\w+\(|@Test\b|\bassertEquals\(|"
                r"\bassertThat\(|\bfunc Test\w+\(t \*testing\.T\)|\bt\.(Errorf|Fatalf|Run)\(|#\[test\]|\bassert_eq!\(|"
                r"\b(describe|it|test)\(\s*['\"]|\bexpect\([^)]*\)\.(to|not)|\bRSpec\b|\bminitest\b|\[Fact\]|\[Test\]|"
                r"\bXCTAssert\w*\(|\bPHPUnit\b|\bassert\.(Equal|True|NoError)\(", None),
    ("mocking", r"\bunittest\.mock\b|\bMagicMock\b|\bmock\.patch\b|@patch\(|\bMockito\b|\bwhen\([^)]*\)\.thenReturn\b|"
                r"\bjest\.(fn|mock|spyOn)\(|\bsinon\.|\bgomock\b|\bmockall\b|\bMock<|\bdouble\(|\ballow\(\w+\)\.to receive"
                r"|\bcreateMock\(|\bmonkeypatch\b", None),
    ("benchmarking", r"\btimeit\b|\bb\.N\b|\*testing\.B\b|\bcriterion\b|\bconsole\.time\(|\bperformance\.now\(|"
                     r"\bSystem\.nanoTime\(|\bStopwatch\b|\bbench_function\b|@Benchmark\b|\bperf_counter\(|#\[bench\]|"
                     r"\bhyperfine\b|\bBenchmark\.(measure|bm)\b", None),
    ("datetime", r"\bdatetime\b|\btimedelta\b|\bstrftime\(|\bstrptime\(|\bjava\.time\b|\bLocalDate(Time)?\b|\bZonedDateTime\b"
                 r"|\btime\.(Parse|Now|Since|Duration|Date)\b|\bnew Date\(|\bDate\.now\(|\bIntl\.DateTimeFormat\b|"
                 r"\bchrono::|\bDateTime\b|\bmktime\(|\blocaltime\(|\bgmtime\(|\bstrtotime\(|\bdate\(\s*['\"][YmdHis]|"
                 r"\bmoment\(|\bdayjs\(|\bSimpleDateFormat\b|\bCalendar\.getInstance\b|\bdate\s+\+%", None),
    ("random", r"\brandom\.(random|randint|choice|shuffle|sample|uniform|seed|Random)\b|\bMath\.random\(|\brand\(\)|"
               r"\bsrand\(|\brand::|\bthread_rng\b|\bnew Random\(|\bmath/rand\b|\brand\.(Intn|Float64|Seed|New)\b|"
               r"\bmt_rand\(|\brandom_int\(|\bstd::(mt19937|uniform_int_distribution|random_device)\b|\bnp\.random\.|"
               r"\bSecureRandom\b|\$RANDOM\b|\bshuffle\(", None),
    ("math", r"\bmath\.(sqrt|sin|cos|tan|log|exp|pow|gcd|factorial|pi|floor|ceil|isqrt|hypot)\b|\bMath\.(sqrt|sin|cos|"
             r"pow|log|abs|floor|ceil|PI|hypot|exp)\b|\b(sqrt|sin|cos|pow|fabs|log10|exp)\s*\(|\bgcd\b|\blcm\b|"
             r"\bis_?prime\b|\bisPrime\b|\bsieve\b|\bfactorial\b|\bfibonacci\b|\bBigInteger\b|\bBigDecimal\b|"
             r"\bnewton\b|\bmodpow\b|\bpow\(\s*\w+\s*,\s*\w+\s*,", None),
    ("linear-algebra", r"\bnp\.(dot|linalg|matmul|transpose|eye|zeros|ones)\b|\bnumpy\.linalg\b|\blinalg\.|\bmatmul\b|"
                       r"\bEigen::|\bnalgebra\b|\bndarray\b|\bdgemm\b|\bBLAS\b|\bLAPACK\b|%\*%|\bsolve\(|\bdeterminant\b|"
                       r"\bmatrix_multiply\b|\bmat_mul\b|\w+\[i\]\[k\]\s*\*\s*\w+\[k\]\[j\]|\bMatrix4?x?4?\b", None),
    ("statistics", r"\bstatistics\.(mean|median|stdev|variance|mode)\b|\bscipy\.stats\b|\bnp\.(mean|std|var|median|"
                   r"percentile)\(|\bt\.test\(|\blm\(|\bsd\(|\bvar\(|\bmedian\(|\bstddev\b|\bstd_dev\b|\bvariance\b|"
                   r"\bstandard_deviation\b|\bpercentile\b|\bhistogram\b|\bregression\b|\bcorrelation\b", None),
    ("dataframes", r"\bimport pandas\b|\bpd\.(DataFrame|read_\w+|concat|merge)\b|\.groupby\(|\bdf\[|\bdf\.\w+\(|\bdplyr\b|"
                   r"\bdata\.frame\(|\btibble\b|%>%|\bpolars\b|\bpl\.DataFrame\b|\bspark\.(read|sql)\b|\bDataFrame\b",
     None),
    ("machine-learning", r"\bsklearn\b|\bscikit-learn\b|\.fit\(\s*X|\.predict\(|\btorch\.nn\b|\bnn\.Module\b|\bnn\.(Linear|"
                         r"Conv2d|Sequential)\b|\btensorflow\b|\bkeras\b|\boptimizer\.step\(\)|\bloss\.backward\(\)|"
                         r"\bgradient_descent\b|\blearning_rate\b|\bcaret\b|\bxgboost\b|\bneural\b", None),
    ("image-processing", r"\bfrom PIL\b|\bImage\.(open|new|fromarray)\b|\bcv2\.|\bOpenCV\b|\bimage/(png|jpeg)\b|"
                         r"\bimage\.(NewRGBA|Decode)\b|\bBufferedImage\b|\bImageIO\b|\bgrayscale\b|\bpixels?\[|"
                         r"\bimagecreate\w*\(|\bskimage\b|\bimageio\b|\bstb_image\b|\bconvolution\b|\bblur\b", None),
    ("data-visualization", r"\bmatplotlib\b|\bplt\.(plot|show|scatter|bar|hist|figure|subplots)\b|\bggplot\(|\bgeom_\w+\(|"
                           r"\bplotly\b|\bseaborn\b|\bsns\.|\bChart\(|\bchart\.js\b|\bd3\.(select|scale\w*)\b|\bplot\(",
     None),
    # algorithms
    ("sorting", r"\b(quick|merge|heap|bubble|insertion|selection|radix|counting|shell)_?[Ss]ort\b|"
                r"\b(quickSort|mergeSort|heapSort|bubbleSort|insertionSort|selectionSort)\b|\bpartition\s*\(.*\bpivot|"
                r"\bpivot\b.*\bpartition|\bqsort\s*\(|\bstd::sort\(|\bsort\.(Slice|Sort|Ints|Strings)\b|\bsorted\([^)]*key="
                r"|\.sort\(\s*(key=|\(\w+,\s*\w+\)\s*=>|function\s*\()|\bCollections\.sort\(|\bArrays\.sort\(|"
                r"\bComparator\b|\.sort_by\b|\.sortBy\b|\busort\(|\bsort_unstable_by\b|\.sort_by\(|\bORDER BY\b.*\bLIMIT"
                , None),
    ("searching", r"\bbinary_?[Ss]earch\b|\bbinarySearch\b|\bbsearch\s*\(|\bbisect\b|\blower_bound\b|\bupper_bound\b|"
                  r"\bsort\.Search\b|\bmid\s*=\s*\(?\s*(lo|low|left|l)\s*\+|\blinear_?[Ss]earch\b|\bBFS\b|\bbfs\b|"
                  r"\bdfs\b|\bDFS\b|\bindexOf\(|\bfind_index\b", None),
    ("dynamic-programming", r"\bdp\s*\[|\bdp\s*=\s*\[|\bmemo\s*\[|\bmemo\s*=|\btable\[i\]\[j\]|\bknapsack\b|"
                            r"\blevenshtein\b|\bedit_?[Dd]istance\b|\blongest_?[Cc]ommon\b|\bLCS\b|\bmemoi[sz]", None),
    ("backtracking", r"\bbacktrack\w*\b|\bn_?queens\b|\bNQueens\b|\bpermutations?\(|\bsolve_sudoku\b|\bsudoku\b|"
                     r"\bsubsets?\(|\bpath\.pop\(\)|\.pop\(\)\s*#\s*undo", None),
    ("graphs", r"\badj(acency)?\b|\badj_?list\b|\bneighbou?rs\b|\bvisited\b|\bdijkstra\b|\bDijkstra\b|\btopolog\w*\b|"
               r"\bbellman\b|\bfloyd\b|\bkruskal\b|\bprim\b|\bnetworkx\b|\bedges?\[|\bgraph\[|\bGraph\b|\bvertices\b",
     None),
    ("trees", r"\b(node|root|cur|n|t)\s*(\.|->)\s*(left|right)\b|\bTreeNode\b|\bBinaryTree\b|\bBST\b|\bbst\b|\btrie\b|"
              r"\bTrie\b|\b(in|pre|post)_?order\b|\b(inOrder|preOrder|postOrder)\b|\bchildren\b.*\bfor\b|\bheight\(\s*\w+"
              r"\s*\)|\bAVL\b|\bred.black\b", None),
    ("linked-lists", r"\b(node|head|cur|curr|current|prev|p|tail)\s*(\.|->)\s*next\b|\bstruct\s+\w*node\s*\*\s*next\b|"
                     r"\bLinkedList\b|\blinked_?list\b|\bListNode\b|\blist_head\b|\bnext\s*:\s*Option<Box", None),
    ("stacks-queues", r"\bcollections\.deque\b|\bdeque\(|\bArrayDeque\b|\bStack<|\bnew Stack\(|\bQueue<|\bstd::(stack|queue|"
                      r"deque)\b|\bVecDeque\b|\bstack\.(push|pop|append)\(|\bqueue\.(append|popleft|push|shift|enqueue|"
                      r"dequeue)\(|\bpopleft\(\)|\bring_?buffer\b|\bRingBuffer\b|\benqueue\b|\bdequeue\b", None),
    ("heaps", r"\bheapq\b|\bPriorityQueue\b|\bpriority_queue\b|\bBinaryHeap\b|\bcontainer/heap\b|\bheap\.(Push|Pop|Init)\b|"
              r"\bsift_?(up|down)\b|\bsiftDown\b|\bsiftUp\b|\bheapify\b|\bmin_?heap\b|\bmax_?heap\b", None),
    ("hashing", r"\bhashlib\b|\bsha(1|256|512)\b|\bSHA-?(1|256|512)\b|\bmd5\b|\bMD5\b|\bMessageDigest\b|\bcrc32\b|\bCRC32\b|"
                r"\bfnv\b|\bFNV\b|\bmurmur\w*\b|\bxxhash\b|\bhash_function\b|\bhashCode\(\)|\bHasher\b|\bhash\s*=\s*\(?hash"
                r"\s*(\*|<<)|\bsha\d+sum\b|\bmd5sum\b|\bcrypto\.createHash\b|\bhash\(\s*['\"](sha|md5)", None),
    ("bit-manipulation", r"\w\s*&\s*\(\s*\w+\s*-\s*1\s*\)|\b\w+\s*(<<|>>)=?\s*\d+|\b\w+\s*\^=\s*\w|\bpopcount\b|"
                         r"\b__builtin_\w+\b|\bcount_ones\b|\bbitCount\b|\bbits\.\w+\(|&\s*0x[0-9a-fA-F]+|\|=\s*1\s*<<|"
                         r"\bbitmask\b|\bBitSet\b|\bbitset\b", None),
    ("compression", r"\bgzip\b|\bzlib\b|\bzipfile\b|\bZipFile\b|\btarfile\b|\bZipOutputStream\b|\bGZIPOutputStream\b|"
                    r"\bcompress/(gzip|flate|zlib)\b|\bflate2\b|\bDeflater\b|\blz4\b|\bzstd\b|\bbz2\b|\blzma\b|"
                    r"\btar\s+-?[cx]z?f\b|\bunzip\b|\brun.length\b|\bhuffman\b|\bHuffman\b|\bcompress\(", None),
    # language features
    ("error-handling", r"\bexcept\s+\w+(\s+as\s+\w+)?\s*:|\bexcept\s*\(|\braise\s+\w+(Error|Exception)\(|\bif err != nil\b|"
                       r"\bcatch\s*\(\s*\w+|\bthrows\s+\w+|\bthrow new\b|\bResult<|\bErr\(|\bmap_err\b|\?;|\bpanic!\(|"
                       r"\brescue\b|\bset\s+-e\b|\btrap\s+['\"]|\bperror\(|\berrno\b|\berrors\.(New|Is|As|Wrap)\b|"
                       r"\bfmt\.Errorf\(|\btry\s*\{.*\bcatch\b|\bon_error\b|\bor die\b", None),
    ("iterators", r"\byield\b|\b__iter__\b|\b__next__\b|\bimpl\s+Iterator\s+for\b|\bIterator<|\bIterable<|\bfunction\s*\*|"
                  r"\bSymbol\.iterator\b|\bIEnumerable\b|\byield return\b|\bhasNext\(\)|\bIterator\(\)|\bgenerator\b|"
                  r"\bitertools\b|\.iter\(\)\.", None),
    ("higher-order-functions", r"\b(map|filter|reduce)\(\s*(lambda|\(?\w+\)?\s*=>|function|\|)|\.(map|filter|reduce|flatMap|"
                               r"forEach|fold|foldLeft|collect)\s*\(\s*(\(?\w*\)?\s*=>|\||lambda|\w+\s*->|\{|function|_)|"
                               r"\.stream\(\)|\blambda\b|\bfunctools\.(partial|reduce)\b|\bcompose\(|\bcurry\b|"
                               r"\bfunc\(\w+ func\(|\bFunc<|\bFunction<|=>\s*\(?\s*\w+\s*\)?\s*=>|\bimpl Fn", None),
    ("classes", r"^\s*class\s+\w+\s*(\(|:|<|\{|extends|$)|\bextends\s+\w+|\bsuper\(|\bdef __init__\(self|\bvirtual\b|"
                r"\boverride\b|\bpublic class\b|\bprivate\s+\w+\s+\w+;|\bthis\.\w+\s*=|@property\b|\bconstructor\s*\(|"
                r"\binitialize\s*\(|\bclass\s+\w+\s*<\s*\w+", None),
    ("interfaces", r"\btype\s+\w+\s+interface\s*\{|\binterface\s+\w+|\bimpl\s+\w+(<[^>]*>)?\s+for\b|\btrait\s+\w+|"
                   r"\bimplements\s+\w+|\bprotocol\s+\w+|\babstract\s+class\b|\bABC\b|@abstractmethod\b|\bProtocol\)",
     None),
    ("generics", r"\b(fn|func)\s+\w+\s*[<\[]\s*[A-Z]\w*\s*(:|,|>|\]|any|comparable)|\bclass\s+\w+<[A-Z]\w*|\binterface\s+\w+<|"
                 r"\btemplate\s*<\s*(typename|class)\b|\bTypeVar\(|\bGeneric\[|<T(\s+extends\b|,|>)|\bwhere\s+T\s*:|"
                 r"\bimpl<T\b|\bList<T>|\bstruct\s+\w+<T", None),
    ("pattern-matching", r"\bmatch\s+[\w.()&*]+\s*\{|^\s*match\s+\w.*:\s*$|^\s*case\s+[\w(\[{].*:\s*$|\bcase class\b|"
                         r"\bwhen\s*\(\w+\)\s*\{|\bwhen\s*\{|\bswitch\s*\(?.*\)?\s*\{[^}]*\bcase\s+let\b|"
                         r"\bif let\s+Some\(|\bcase\s+\w+\(\w", None),
    ("optionals", r"\bOption<|\bSome\(|\bNone\b.*\bSome\b|\bOptional<|\bOptional\.(of|empty|ofNullable)\b|\bif let\b|"
                  r"\bguard let\b|\?\.|\?\?|\?:|\.unwrap_or\b|\bOptional\[|\bMaybe\b|\bnullable\b", None),
    ("pointers-memory", r"\bmalloc\s*\(|\bcalloc\s*\(|\brealloc\s*\(|\bfree\s*\(|\bnew\s+\w+\[|\bdelete\s*\[?\]?\s*\w|"
                        r"\bunique_ptr\b|\bshared_ptr\b|\bmake_unique\b|\bBox::new\b|\bRc<|\bunsafe\s*\{|\*mut\b|"
                        r"\bmemcpy\s*\(|\bmemset\s*\(|\bsizeof\s*\(|&'\w+\s|\bUnsafePointer\b|\bMarshal\.AllocHGlobal\b",
     None),
    ("metaprogramming", r"^\s*@\w+(\.\w+)*(\(|$)(?!.*(Test|Override))|\bmacro_rules!|#\[proc_macro|\bgetattr\(|\bsetattr\(|"
                        r"\b__getattr__\b|\bmetaclass\b|\bdefine_method\b|\bmethod_missing\b|\bsend\(:|\breflect\.|"
                        r"\bgetDeclaredMethods?\b|\bClass\.forName\b|\bReflection\b|\bProxy\(|\beval\(|\binstance_variable_get"
                        r"|\btype\(\s*\w+\s*,\s*\(", None),
    ("events", r"\bEventEmitter\b|\.on\(\s*['\"]\w+['\"]|\.emit\(\s*['\"]|\baddEventListener\(|\bremoveEventListener\(|"
               r"\bevent\s+\w+Handler\b|\bdelegate\b|\bsubscribe\(|\bunsubscribe\(|\bObserver\b|\blisteners?\b|"
               r"\bsignal\.connect\b|\bconnect\(\s*\w+\s*,\s*SIGNAL", None),
    ("ffi", r"\bctypes\b|\bcffi\b|\bextern\s+\"C\"|\bextern\s+crate\s+libc\b|\blibc::|#\[no_mangle\]|\bJNIEXPORT\b|\bJNIEnv\b|"
            r"\bDllImport\b|\bP/Invoke\b|\bnative\s+\w+\s+\w+\(|\bcgo\b|\bimport \"C\"|\bffi\b|\bFFI\b|\bdlopen\(|"
            r"\bPy_\w+\(|\bPyObject\b|\bnapi_\w+\b|\bnode-gyp\b", None),
    ("authentication", r"\bbcrypt\b|\bargon2\b|\bpassword_(hash|verify)\(|\bcheck_password\b|\bjwt\b|\bJWT\b|\bOAuth\w*\b|"
                       r"\boauth\w*\b|\bBearer\b|\blogin_required\b|\bauthenticate\(|\bAuthorization\b|\bsession\[['\"]user|"
                       r"\bpassport\.|\bUserDetailsService\b|\bPrincipal\b|\bhtpasswd\b|\blogin\(|\bsign_?in\b", None),
    ("validation", r"\bpydantic\b|\bBaseModel\)|\bvalidator\b|@validator\b|\bzod\b|\bz\.object\(|\bJoi\.|\byup\.|@NotNull\b|"
                   r"@Valid\b|@Size\(|@Email\b|\bvalidates\s+:|\bvalidate\w*\(|\bis_valid\w*\(|\bisValid\w*\(|"
                   r"\bValidationError\b|\bjsonschema\b|\bFILTER_VALIDATE_\w+\b", None),
    ("cryptography", r"\bAES\b|\bRSA\b|\bHMAC\b|\bhmac\.|\bcryptography\.|\bCipher\b|\bencrypt\w*\(|\bdecrypt\w*\(|"
                     r"\bsecrets\.token_\w+\(|\bcrypto\.(subtle|createCipheriv|randomBytes|createHmac)\b|\bopenssl\b|"
                     r"\bOpenSSL\b|\bEVP_\w+\b|\bsign\(.*private|\bverify\(.*public|\bnacl\b|\bring::|\bchacha|\bnonce\b",
     None),
    ("localization", r"\bgettext\b|\b_\(\s*['\"]|\bngettext\b|\bIntl\.(NumberFormat|DateTimeFormat|PluralRules)\b|"
                     r"\bResourceBundle\b|\bI18n\.t\b|\bi18n\b|\bt\(\s*['\"][\w.]+['\"]\s*\)|\blocale\b|\bLocale\b|"
                     r"\bNSLocalizedString\b|\btranslat\w+\b", None),
    # ui and web front end
    ("gui", r"\btkinter\b|\bTkinter\b|\bJFrame\b|\bJButton\b|\bswing\b|\bQWidget\b|\bQApplication\b|\bPyQt\d?\b|\bPySide\d?\b|"
            r"\bwx\.\w+\b|\bGtk\.\w+\b|\bgtk_\w+\(|\bWinForms\b|\bForm1\b|\bSystem\.Windows\.Forms\b|\bWPF\b|"
            r"\bSwiftUI\b|\bUIViewController\b|\bNSWindow\b|\bJavaFX\b|\bStage\b.*\bScene\b|\bimgui\b|\bEframe\b",
     None),
    ("ui-components", r"\buseState\(|\buseEffect\(|\bReact\.(Component|FC)\b|\bexport default function \w+\(\s*\{|"
                      r"\breturn\s*\(\s*<\w+|\bprops\.\w+\b|@Component\(|\bdefineComponent\(|\bVue\.component\b|"
                      r"<template>|\bsvelte\b|\bJSX\.Element\b|\bWidget build\(|\bStatelessWidget\b|\bStatefulWidget\b|"
                      r"@Composable\b|\bstruct\s+\w+\s*:\s*View\b", None),
    ("dom", r"\bdocument\.(querySelector|querySelectorAll|getElementById|getElementsBy\w+|createElement|body)\b|"
            r"\.classList\.\w+\(|\.appendChild\(|\.innerHTML\b|\.textContent\b|\.setAttribute\(|\binsertAdjacentHTML\b|"
            r"\$\(\s*['\"][#.]?\w|\bjQuery\b|\bwindow\.(onload|location)\b", None),
    ("css-layout", r"\bdisplay\s*:\s*(flex|grid|inline-flex)\b|\bgrid-template-(columns|rows|areas)\b|\bflex-(direction|wrap"
                   r"|grow)\b|\bjustify-content\b|\balign-items\b|@media\s*\(|\bstyled\.\w+`|\bposition\s*:\s*(absolute|"
                   r"relative|fixed|sticky)\b|\bmargin\s*:\s*0 auto\b", None),
    ("html-templating", r"\{%\s*(for|if|block|extends|include)\b|\{\{\s*[\w.]+\s*(\||\}\})|\bjinja2?\b|\bJinja\b|"
                        r"\brender_template\(|\bhtml/template\b|\btemplate\.(New|Must|ParseFiles)\b|<%=?|\bERB\b|"
                        r"\bHandlebars\b|\bmustache\b|@(foreach|if|extends|section)\b|\bth:(text|each|if)\b|\bejs\b",
     None),
    ("graphics", r"\bgetContext\(\s*['\"]2d|\bctx\.(fillRect|beginPath|arc|drawImage|stroke|fill)\b|\bgl[A-Z]\w+\(|"
                 r"\bWebGL\w*\b|\bSDL_\w+\(|\blove\.graphics\b|\bpygame\.(draw|display)\b|\bTHREE\.\w+\b|\bvulkan\b|"
                 r"\bVk\w+\b|\bDirect3D\b|\bshader\b|\bGraphics2D\b|\bdrawLine\(|\bcairo_\w+\(|\bturtle\.", None),
    # build and operations
    ("build-scripts", r"^\s*[\w.-]+\s*:(?!=)[^\n]*\n\t|\.PHONY\b|\bcmake_minimum_required\b|\badd_executable\(|"
                      r"\btarget_link_libraries\(|\bsetuptools\.setup\(|\bsetup\(\s*name\s*=|\bplugins\s*\{\s*id\b|"
                      r"\bapply plugin\b|\bdependencies\s*\{|\bbuild\.rs\b|\bcargo:rustc\b|\bmeson\b|\bninja\b|"
                      r"\bnpm run\b|\bwebpack\b|\bgulp\b|\bGruntfile\b|\bAC_INIT\b|\bAM_INIT\b|\bconfigure\.ac\b|"
                      r"\bBUILD_DIR\b|\$\(CC\)|\$\(MAKE\)|\bmake\s+-C\b", None),
    ("containers", r"^\s*FROM\s+[\w./-]+(:[\w.-]+)?(\s+AS\s+\w+)?\s*$|\bdocker\s+(run|build|push|pull|compose|exec)\b|"
                   r"\bdocker-compose\b|\bkubectl\b|\bkind:\s*(Deployment|Pod|Service)\b|\bapiVersion:\s*apps/v1\b|"
                   r"\bDockerfile\b|\bpodman\b|\bcontainerd\b|\bdocker\.from_env\b|\bhelm\s+(install|upgrade)\b", None),
    ("git", r"\bgit\s+(clone|commit|push|pull|checkout|rebase|merge|log|diff|add|status|fetch|rev-parse|tag)\b|\blibgit2\b|"
            r"\bgit2::|\bGitPython\b|\bfrom git import\b|\bRepo\.clone_from\b|\bgo-git\b|\bJGit\b|\bpre-commit\b",
     None),
]
# fmt: on


def required_literals(items: list[Any], shortest: int = 3) -> list[str] | None:
    """Strings one of which every match of the parsed sequence ``items`` contains, or None when unsure.

    A run of at least ``shortest`` literal characters at the top of the sequence is required; failing
    that, a group or alternation at the top whose every branch has required strings of its own."""
    run, best = "", ""
    for op, arg in items:
        if op is sre.LITERAL:
            run += chr(arg)
            best = max(best, run, key=len)
        else:
            run = ""
    if len(best) >= shortest:
        return [best]
    for op, arg in items:
        if op is sre.BRANCH:
            branches = [required_literals(list(alternative), shortest) for alternative in arg[1]]
            if all(branches):
                return [literal for branch in branches for literal in branch]  # type: ignore[union-attr]
        elif op is sre.SUBPATTERN:
            inner = required_literals(list(arg[-1]), shortest)
            if inner:
                return inner
    return None


def prefilter(pattern: str, shortest: int = 3) -> tuple[str, ...] | None:
    """Cheap substring test that must pass before the regular expression can match (None: always run)."""
    if pattern.startswith("(?i)"):
        return None
    return tuple(required_literals(list(sre_parse.parse(pattern)), shortest) or ()) or None


def branch_prefilter(branch: str) -> tuple[str, ...] | None:
    """:func:`prefilter` for one alternative without flags: a literal of three characters or more where
    it has one, else of one character or more (``&`` in ``\\w\\s*&``), else None."""
    parsed = list(sre_parse.parse(branch))
    return tuple(required_literals(parsed) or required_literals(parsed, shortest=1) or ()) or None


def alternatives(pattern: str) -> list[str]:
    """The top-level branches of a regular expression, each a pattern of its own: ``a|b(c|d)|[|]e`` ->
    ``a``, ``b(c|d)``, ``[|]e``; a leading ``(?i)`` goes with every branch."""
    branches, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            i += 2 if pattern[i + 1 : i + 2] == "^" else 1
            i += pattern[i : i + 1] == "]"  # a ] first in a class is a literal
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    branches.append(pattern[start:])
    flags = re.match(r"\(\?[a-z]+\)", pattern)
    return [branches[0]] + [flags.group(0) + branch for branch in branches[1:]] if flags else branches


def searches(pattern: str) -> list[tuple[re.Pattern[str], tuple[str, ...] | None]]:
    """``pattern`` as regular expressions to try one by one, each behind its own substring test where it
    has one: one per alternative with a required literal (three characters or more where it has one,
    else one character or more), and the others together."""
    if pattern.startswith("(?"):
        return [(re.compile(pattern, re.MULTILINE), prefilter(pattern))]
    filtered, rest = [], []
    for branch in alternatives(pattern):
        literals = branch_prefilter(branch)
        if literals is None:
            rest.append(branch)
        else:
            filtered.append((re.compile(branch, re.MULTILINE), literals))
    return filtered + ([(re.compile("|".join(rest), re.MULTILINE), None)] if rest else [])


GRAM = 3
"""Literals of at least this many characters are found through ``BY_GRAM``."""


@dataclass(frozen=True)
class Search:
    """One alternative of a rule (or the rule's alternatives without a literal, together)."""

    tag: str
    languages: set[str] | None
    pattern: re.Pattern[str]
    literals: tuple[str, ...] | None


SEARCHES = [
    Search(tag, languages, compiled, literals)
    for tag, pattern, languages in RULES
    for compiled, literals in searches(pattern)
]
"""Each rule split for speed: a snippet is searched only by the alternatives whose literal it holds."""
UNFILTERED = frozenset(
    i for i, search in enumerate(SEARCHES) if not search.literals or min(map(len, search.literals)) < GRAM
)
"""The searches tried on every snippet: without a literal, or with one shorter than ``GRAM``."""


def by_first_characters(searches: list[Search], skip: frozenset[int]) -> dict[str, set[int]]:
    """The indexes of ``searches`` (but ``skip``) by the first ``GRAM`` characters of each of their literals."""
    index: dict[str, set[int]] = {}
    for i, search in enumerate(searches):
        if i not in skip:
            for literal in search.literals or ():
                index.setdefault(literal[:GRAM], set()).add(i)
    return index


BY_GRAM = by_first_characters(SEARCHES, UNFILTERED)


def weak_labels(text: str, language: str) -> set[str]:
    """Tag ids from taxonomy.toml whose evidence appears in ``text``, a snippet in ``language``."""
    grams = {text[i : i + GRAM] for i in range(len(text) - GRAM + 1)}
    hinted = set(UNFILTERED).union(*(BY_GRAM[gram] for gram in grams & BY_GRAM.keys()))
    tags: set[str] = set()
    for index in sorted(hinted):
        search = SEARCHES[index]
        if search.tag in tags or (search.languages is not None and language not in search.languages):
            continue
        literals = search.literals
        if (literals is None or any(literal in text for literal in literals)) and search.pattern.search(text):
            tags.add(search.tag)
    if language not in {"json", "yaml", "toml", "ini", "xml", "markdown", "html", "css"}:
        if recursive_functions(text):
            tags.add("recursion")
        if looks_like_hand_sort(text):
            tags.add("sorting")
        if walks_multiples(text):
            tags.add("math")
    if language == "dockerfile":
        tags.add("containers")
    if language in {"makefile"} or (language == "groovy" and "dependencies {" in text):
        tags.add("build-scripts")
    return tags
