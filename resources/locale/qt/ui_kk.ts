<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="kk_KZ">
  <context>
    <name>CasesPanel</name>
    <message>
      <source>{time} (overdue)</source>
      <translation>{time} (мерзімі өтті)</translation>
    </message>
    <message>
      <source>Cases</source>
      <translation>Істер</translation>
    </message>
    <message>
      <source>Case</source>
      <translation>Іс</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Күйі</translation>
    </message>
    <message>
      <source>Opened ({zone})</source>
      <translation>Ашылды ({zone})</translation>
    </message>
    <message>
      <source>Next deadline ({zone})</source>
      <translation>Келесі мерзім ({zone})</translation>
    </message>
    <message>
      <source>Seen</source>
      <translation>Көрілді</translation>
    </message>
    <message>
      <source>Session</source>
      <translation>Сеанс</translation>
    </message>
    <message>
      <source>Film or clip</source>
      <translation>Фильм немесе клип</translation>
    </message>
    <message>
      <source>Open case</source>
      <translation>Істі ашу</translation>
    </message>
    <message>
      <source>Set status</source>
      <translation>Күйін орнату</translation>
    </message>
    <message>
      <source>note (optional)</source>
      <translation>ескертпе (міндетті емес)</translation>
    </message>
  </context>
  <context>
    <name>DeskErrors</name>
    <message>
      <source>Scan cancelled</source>
      <translation>Тексеру тоқтатылды</translation>
    </message>
    <message>
      <source>Please check what you entered</source>
      <translation>Енгізгеніңізді тексеріңіз</translation>
    </message>
    <message>
      <source>The desk cannot do this</source>
      <translation>Пульт мұны орындай алмайды</translation>
    </message>
    <message>
      <source>Something went wrong</source>
      <translation>Бір нәрсе дұрыс болмады</translation>
    </message>
    <message>
      <source>The file could not be used: {reason}</source>
      <translation>Файлды пайдалану мүмкін болмады: {reason}</translation>
    </message>
    <message>
      <source>An unexpected problem stopped the work ({kind}: {message}). Nothing was recorded for it; try again, and if it happens again, report it with this message.</source>
      <translation>Күтпеген ақау жұмысты тоқтатты ({kind}: {message}). Ол үшін ештеңе жазылмады; қайталап көріңіз, ал қайта болса, осы хабарламамен бірге хабарлаңыз.</translation>
    </message>
  </context>
  <context>
    <name>DeskWindow</name>
    <message>
      <source>Scanning {name}…</source>
      <translation>{name} тексерілуде…</translation>
    </message>
    <message>
      <source>Case {case} recorded.</source>
      <translation>{case} ісі жазылды.</translation>
    </message>
    <message>
      <source>Screening Room — takedown desk</source>
      <translation>Screening Room — контентті бұғаттау пульті</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>Нәтиже</translation>
    </message>
    <message>
      <source>Evidence</source>
      <translation>Дәлелдер</translation>
    </message>
    <message>
      <source>Notices</source>
      <translation>Хабарламалар</translation>
    </message>
    <message>
      <source>Stations</source>
      <translation>Станциялар</translation>
    </message>
    <message>
      <source>Watch</source>
      <translation>Бақылау</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Тіл</translation>
    </message>
    <message>
      <source>Desk station</source>
      <translation>Пульт станциясы</translation>
    </message>
    <message>
      <source>Passphrase of this desk's station key:</source>
      <translation>Осы пульт станциясы кілтінің құпия фразасы:</translation>
    </message>
  </context>
  <context>
    <name>EvidencePanel</name>
    <message>
      <source>{link}
{time}; channel {channel}; {views} views</source>
      <translation>{link}
{time}; арна {channel}; {views} қаралым</translation>
    </message>
    <message>
      <source>{name}, {size} bytes, {seconds} s; received {time}</source>
      <translation>{name}, {size} байт, {seconds} с; қабылданды {time}</translation>
    </message>
    <message>
      <source>✔ verifies: signed by station {station}</source>
      <translation>✔ тексеруден өтті: {station} станциясы қол қойған</translation>
    </message>
    <message>
      <source>✘ does not verify: {problem}</source>
      <translation>✘ тексеруден өтпейді: {problem}</translation>
    </message>
    <message>
      <source>Clip</source>
      <translation>Клип</translation>
    </message>
    <message>
      <source>SHA-256</source>
      <translation>SHA-256</translation>
    </message>
    <message>
      <source>Seen</source>
      <translation>Көрілді</translation>
    </message>
    <message>
      <source>File</source>
      <translation>Файл</translation>
    </message>
    <message>
      <source>Signed evidence bundle</source>
      <translation>Қол қойылған дәлелдер пакеті</translation>
    </message>
    <message>
      <source>Signature</source>
      <translation>Қолтаңба</translation>
    </message>
    <message>
      <source>Contents</source>
      <translation>Мазмұны</translation>
    </message>
    <message>
      <source>Matched frames (clip beside master)</source>
      <translation>Сәйкес кадрлар (клип пен түпнұсқа қатар)</translation>
    </message>
    <message>
      <source>No matched frames: the clip is not identified.</source>
      <translation>Сәйкес кадрлар жоқ: клип анықталмады.</translation>
    </message>
    <message>
      <source>Chain of custody</source>
      <translation>Сақтау тізбегі</translation>
    </message>
    <message>
      <source>When</source>
      <translation>Қашан</translation>
    </message>
    <message>
      <source>Who</source>
      <translation>Кім</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>Әрекет</translation>
    </message>
    <message>
      <source>Detail</source>
      <translation>Толығырақ</translation>
    </message>
  </context>
  <context>
    <name>FilmList</name>
    <message>
      <source>Sessions used up</source>
      <translation>Сеанстар таусылды</translation>
    </message>
    <message>
      <source>Ready</source>
      <translation>Дайын</translation>
    </message>
    <message>
      <source>No license</source>
      <translation>Лицензия жоқ</translation>
    </message>
    <message>
      <source>Not yet valid</source>
      <translation>Әлі күшіне енген жоқ</translation>
    </message>
    <message>
      <source>Expired</source>
      <translation>Мерзімі өтті</translation>
    </message>
    <message>
      <source>Revoked</source>
      <translation>Кері қайтарылды</translation>
    </message>
    <message>
      <source>Invalid</source>
      <translation>Жарамсыз</translation>
    </message>
    <message>
      <source>Not on your license</source>
      <translation>Сіз лицензияда жоқсыз</translation>
    </message>
    <message>
      <source>{left} of {total}</source>
      <translation>{total} ішінен {left}</translation>
    </message>
    <message>
      <source>Rights holder: {holder}</source>
      <translation>Құқық иесі: {holder}</translation>
    </message>
    <message>
      <source>Films licensed to this station</source>
      <translation>Осы станцияға лицензияланған фильмдер</translation>
    </message>
    <message>
      <source>Logged in: {name}</source>
      <translation>Жүйеде: {name}</translation>
    </message>
    <message>
      <source>Log out</source>
      <translation>Шығу</translation>
    </message>
    <message>
      <source>Play</source>
      <translation>Ойнату</translation>
    </message>
    <message>
      <source>Review form…</source>
      <translation>Қарау нысаны…</translation>
    </message>
    <message>
      <source>No film is licensed to this station yet. The station operator imports the screeners and licenses the review office sends.</source>
      <translation>Бұл станцияға әзірге бірде-бір фильм лицензияланбаған. Станция операторы сараптама кеңсесі жіберген скринерлер мен лицензияларды импорттайды.</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>Атауы</translation>
    </message>
    <message>
      <source>Register no.</source>
      <translation>Тізілім нөмірі</translation>
    </message>
    <message>
      <source>Age</source>
      <translation>Жас санаты</translation>
    </message>
    <message>
      <source>Duration</source>
      <translation>Ұзақтығы</translation>
    </message>
    <message>
      <source>Valid from</source>
      <translation>Басталуы</translation>
    </message>
    <message>
      <source>Valid until</source>
      <translation>Аяқталуы</translation>
    </message>
    <message>
      <source>Sessions left</source>
      <translation>Қалған сеанстар</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Күйі</translation>
    </message>
  </context>
  <context>
    <name>IntakePanel</name>
    <message>
      <source>Drop a suspected clip here</source>
      <translation>Күдікті клипті осында тастаңыз</translation>
    </message>
    <message>
      <source>Clip: {name}</source>
      <translation>Клип: {name}</translation>
    </message>
    <message>
      <source>Choose a suspected clip</source>
      <translation>Күдікті клипті таңдаңыз</translation>
    </message>
    <message>
      <source>Video files ({patterns});;All files (*)</source>
      <translation>Бейне файлдар ({patterns});;Барлық файлдар (*)</translation>
    </message>
    <message>
      <source>Cancelling…</source>
      <translation>Тоқтатылуда…</translation>
    </message>
    <message>
      <source>Checking the clip…</source>
      <translation>Клип тексерілуде…</translation>
    </message>
    <message>
      <source>Identifying the film…</source>
      <translation>Фильм анықталуда…</translation>
    </message>
    <message>
      <source>Tracing the leaking session…</source>
      <translation>Ағып кету сеансы ізделуде…</translation>
    </message>
    <message>
      <source>Signing the evidence…</source>
      <translation>Дәлелдерге қол қойылуда…</translation>
    </message>
    <message>
      <source>New clip</source>
      <translation>Жаңа клип</translation>
    </message>
    <message>
      <source>Choose clip…</source>
      <translation>Клипті таңдау…</translation>
    </message>
    <message>
      <source>Seen at (link)</source>
      <translation>Қай жерде байқалды (сілтеме)</translation>
    </message>
    <message>
      <source>Seen at (time)</source>
      <translation>Қашан байқалды (уақыт)</translation>
    </message>
    <message>
      <source>2026-03-01T18:30 (empty: now)</source>
      <translation>2026-03-01T18:30 (бос болса: қазір)</translation>
    </message>
    <message>
      <source>Channel or site</source>
      <translation>Арна немесе сайт</translation>
    </message>
    <message>
      <source>from the link if empty</source>
      <translation>бос болса, сілтемеден алынады</translation>
    </message>
    <message>
      <source>Views</source>
      <translation>Қаралым</translation>
    </message>
    <message>
      <source>Scan</source>
      <translation>Тексеру</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Болдырмау</translation>
    </message>
  </context>
  <context>
    <name>LoginForm</name>
    <message>
      <source>Type your member id and your password.</source>
      <translation>Мүше идентификаторы мен құпиясөзіңізді енгізіңіз.</translation>
    </message>
    <message>
      <source>Log in to review</source>
      <translation>Қарау үшін кіру</translation>
    </message>
    <message>
      <source>Expert commission members log in with the member id and password they were enrolled with.</source>
      <translation>Сараптама комиссиясының мүшелері тіркелу кезінде берілген идентификатор мен құпиясөз арқылы кіреді.</translation>
    </message>
    <message>
      <source>Station {name}, room {room}</source>
      <translation>{name} станциясы, {room} залы</translation>
    </message>
    <message>
      <source>Member id</source>
      <translation>Мүше идентификаторы</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>Құпия сөз</translation>
    </message>
    <message>
      <source>Log in</source>
      <translation>Кіру</translation>
    </message>
  </context>
  <context>
    <name>MemberPasswordDialog</name>
    <message>
      <source>Sign the review report</source>
      <translation>Қарау есебіне қол қою</translation>
    </message>
    <message>
      <source>{name}, type your password to sign the report with your own key. The station records the signature in its audit log.</source>
      <translation>{name}, есепке өз кілтіңізбен қол қою үшін құпия сөзіңізді теріңіз. Станция қолтаңбаны аудит журналына жазады.</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>Құпия сөз</translation>
    </message>
    <message>
      <source>Sign</source>
      <translation>Қол қою</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Болдырмау</translation>
    </message>
  </context>
  <context>
    <name>NoticePane</name>
    <message>
      <source>Not drafted yet: fill in the details above and press “Draft notices”.</source>
      <translation>Әлі дайындалмаған: жоғарыдағы деректерді толтырып, «Хабарламаларды дайындау» түймесін басыңыз.</translation>
    </message>
    <message>
      <source>E-mail message (*.eml)</source>
      <translation>Электрондық хат (*.eml)</translation>
    </message>
    <message>
      <source>PDF (*.pdf)</source>
      <translation>PDF (*.pdf)</translation>
    </message>
    <message>
      <source>Save the notice</source>
      <translation>Хабарламаны сақтау</translation>
    </message>
    <message>
      <source>Notice</source>
      <translation>Хабарлама</translation>
    </message>
    <message>
      <source>To {recipient}</source>
      <translation>Алушы: {recipient}</translation>
    </message>
    <message>
      <source>Save .eml…</source>
      <translation>.eml сақтау…</translation>
    </message>
    <message>
      <source>Save PDF…</source>
      <translation>PDF сақтау…</translation>
    </message>
  </context>
  <context>
    <name>NoticesPanel</name>
    <message>
      <source>This case's clip was not identified as a registered film: no notice asserting infringement is drafted for it.</source>
      <translation>Бұл істің клипі тіркелген фильм ретінде анықталмаған: оған құқық бұзушылықты растайтын хабарлама дайындалмайды.</translation>
    </message>
    <message>
      <source>sent {time} to {to}</source>
      <translation>{time} {to} мекенжайына жіберілді</translation>
    </message>
    <message>
      <source>not sent</source>
      <translation>жіберілмеген</translation>
    </message>
    <message>
      <source>Abuse contacts</source>
      <translation>Шағым байланыстары</translation>
    </message>
    <message>
      <source>Paste the RDAP (JSON) or WHOIS text of the site's domain or network:</source>
      <translation>Сайт доменінің немесе желісінің RDAP (JSON) не WHOIS мәтінін қойыңыз:</translation>
    </message>
    <message>
      <source>Drafting…</source>
      <translation>Дайындалуда…</translation>
    </message>
    <message>
      <source>Details the notices need</source>
      <translation>Хабарламаларға қажет деректер</translation>
    </message>
    <message>
      <source>Rights holder</source>
      <translation>Құқық иесі</translation>
    </message>
    <message>
      <source>State register No.</source>
      <translation>Мемлекеттік тізілімдегі нөмірі</translation>
    </message>
    <message>
      <source>Distribution certificate</source>
      <translation>Прокаттау куәлігі</translation>
    </message>
    <message>
      <source>Site's abuse e-mail</source>
      <translation>Сайттың шағым мекенжайы</translation>
    </message>
    <message>
      <source>number and date of the certificate</source>
      <translation>куәліктің нөмірі мен күні</translation>
    </message>
    <message>
      <source>Record on the film</source>
      <translation>Фильмге тіркеу</translation>
    </message>
    <message>
      <source>Drafted notices (every version is kept)</source>
      <translation>Дайындалған хабарламалар (әр нұсқа сақталады)</translation>
    </message>
    <message>
      <source>To</source>
      <translation>Кімге</translation>
    </message>
    <message>
      <source>Version</source>
      <translation>Нұсқа</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Тіл</translation>
    </message>
    <message>
      <source>Drafted</source>
      <translation>Дайындалды</translation>
    </message>
    <message>
      <source>Sent</source>
      <translation>Жіберілді</translation>
    </message>
    <message>
      <source>for site, hosting and registrar notices (or paste RDAP/WHOIS)</source>
      <translation>сайтқа, хостингке және тіркеушіге хабарламалар үшін (немесе RDAP/WHOIS қойыңыз)</translation>
    </message>
    <message>
      <source>Paste RDAP/WHOIS…</source>
      <translation>RDAP/WHOIS қою…</translation>
    </message>
    <message>
      <source>Language of the notices:</source>
      <translation>Хабарламалар тілі:</translation>
    </message>
    <message>
      <source>Draft notices</source>
      <translation>Хабарламаларды дайындау</translation>
    </message>
  </context>
  <context>
    <name>PlayerWindow</name>
    <message>
      <source>Pause (Space)</source>
      <translation>Кідірту (Бос орын)</translation>
    </message>
    <message>
      <source>Play (Space)</source>
      <translation>Ойнату (Бос орын)</translation>
    </message>
    <message>
      <source>{title} — Screening Room</source>
      <translation>{title} — Screening Room</translation>
    </message>
    <message>
      <source>Session {id}</source>
      <translation>Сеанс {id}</translation>
    </message>
    <message>
      <source>Back 10 seconds (Left)</source>
      <translation>10 секунд артқа (Солға)</translation>
    </message>
    <message>
      <source>Forward 10 seconds (Right)</source>
      <translation>10 секунд алға (Оңға)</translation>
    </message>
    <message>
      <source>Stop and end the session</source>
      <translation>Тоқтату және сеансты аяқтау</translation>
    </message>
    <message>
      <source>Full screen</source>
      <translation>Толық экран</translation>
    </message>
    <message>
      <source>Review form…</source>
      <translation>Қарау нысаны…</translation>
    </message>
    <message>
      <source>Full screen (F); Esc leaves it</source>
      <translation>Толық экран (F); Esc — шығу</translation>
    </message>
    <message>
      <source>Volume</source>
      <translation>Дыбыс деңгейі</translation>
    </message>
  </context>
  <context>
    <name>RefusalDialog</name>
    <message>
      <source>Playback refused</source>
      <translation>Ойнатудан бас тартылды</translation>
    </message>
    <message>
      <source>What happened</source>
      <translation>Не болды</translation>
    </message>
    <message>
      <source>What to do</source>
      <translation>Не істеу керек</translation>
    </message>
    <message>
      <source>Reason code: {code} (recorded in the audit log)</source>
      <translation>Себеп коды: {code} (аудит журналына жазылды)</translation>
    </message>
  </context>
  <context>
    <name>ReportExport</name>
    <message>
      <source>Export cancelled: no report was written.</source>
      <translation>Экспорт тоқтатылды: есеп жазылған жоқ.</translation>
    </message>
    <message>
      <source>Signing and writing the report…</source>
      <translation>Есепке қол қойылып, жазылып жатыр…</translation>
    </message>
    <message>
      <source>Signing and writing the report… ({done} of {total})</source>
      <translation>Есепке қол қойылып, жазылып жатыр… ({total} ішінен {done})</translation>
    </message>
    <message>
      <source>Report written and signed by you and by station {station}: {path}</source>
      <translation>Есеп жазылды, оған сіз және {station} станциясы қол қойдыңыздар: {path}</translation>
    </message>
    <message>
      <source>The report could not be written: {reason}</source>
      <translation>Есепті жазу мүмкін болмады: {reason}</translation>
    </message>
  </context>
  <context>
    <name>ReportFileDialog</name>
    <message>
      <source>Export review report</source>
      <translation>Қарау есебін экспорттау</translation>
    </message>
    <message>
      <source>PDF documents (*.pdf)</source>
      <translation>PDF құжаттары (*.pdf)</translation>
    </message>
  </context>
  <context>
    <name>ResultPanel</name>
    <message>
      <source>No case open</source>
      <translation>Іс ашылмаған</translation>
    </message>
    <message>
      <source>Drop a clip and scan it, or open a case from the list.</source>
      <translation>Клипті тастап, тексеріңіз немесе тізімнен істі ашыңыз.</translation>
    </message>
    <message>
      <source>Case {case}: {title}</source>
      <translation>{case} ісі: {title}</translation>
    </message>
    <message>
      <source>Status: {status} · opened {opened} · next deadline {deadline}</source>
      <translation>Күйі: {status} · ашылды {opened} · келесі мерзім {deadline}</translation>
    </message>
    <message>
      <source>Re-upload of case {case}, which was already taken down.</source>
      <translation>Бұрын бұғатталған {case} ісінің қайта жүктелуі.</translation>
    </message>
    <message>
      <source>{title} ({film}), State register No. {number}</source>
      <translation>{title} ({film}), Мемлекеттік тізілімдегі № {number}</translation>
    </message>
    <message>
      <source>{seconds} s into the film ({hms})</source>
      <translation>фильмнің {seconds}-секундынан ({hms})</translation>
    </message>
    <message>
      <source>clip {start}–{end} s matches</source>
      <translation>клиптің {start}–{end} с бөлігі сәйкес</translation>
    </message>
    <message>
      <source>{score} (threshold {threshold}): a match</source>
      <translation>{score} (шек {threshold}): сәйкес келеді</translation>
    </message>
    <message>
      <source>No registered film matches this clip.</source>
      <translation>Бұл клипке тіркелген фильмдердің ешқайсысы сәйкес келмейді.</translation>
    </message>
    <message>
      <source>best {score}, below the threshold {threshold}</source>
      <translation>ең жақсысы {score}, {threshold} шегінен төмен</translation>
    </message>
    <message>
      <source>copies of the same leak: {cases}</source>
      <translation>бір таралымның көшірмелері: {cases}</translation>
    </message>
    <message>
      <source>license {license} (station {station})</source>
      <translation>{license} лицензиясы ({station} станциясы)</translation>
    </message>
    <message>
      <source>the office's single key</source>
      <translation>кеңсенің жалғыз кілті</translation>
    </message>
    <message>
      <source>{key}; license keys tried: {count}, counted in p</source>
      <translation>{key}; тексерілген лицензия кілттері: {count}, p ішінде есептелген</translation>
    </message>
    <message>
      <source>Not traced: the clip is not identified as a registered film.</source>
      <translation>Көзі ізделмеді: клип тіркелген фильм ретінде анықталмады.</translation>
    </message>
    <message>
      <source>Attributed: the clip leaked from review session {session}.</source>
      <translation>Көзі анықталды: клип {session} сараптама сеансынан тараған.</translation>
    </message>
    <message>
      <source>p = {p}, below the threshold {threshold}</source>
      <translation>p = {p}, {threshold} шегінен төмен</translation>
    </message>
    <message>
      <source>{session}: station {station}, {room}, member {member}, started {started}</source>
      <translation>{session}: {station} станциясы, {room}, мүше {member}, басталды {started}</translation>
    </message>
    <message>
      <source>Tampering at station {station}: the copy is marked under its license's key with session {session}, which that station never recorded. No session is accused; a finding is recorded.</source>
      <translation>{station} станциясында бұрмалау: көшірме оның лицензиясының кілтімен, станция ешқашан тіркемеген {session} сеансымен белгіленген. Ешбір сеанс айыпталмайды; анықталған факт тіркелді.</translation>
    </message>
    <message>
      <source>The copy is marked under the key of license {license} with session {session}; the desk holds records of that license only in an audit bundle it refused, from station {station}. No session is accused.</source>
      <translation>Көшірме {license} лицензиясының кілтімен {session} сеансы ретінде белгіленген; үстелде бұл лицензияның жазбалары тек өзі қабылдамаған, {station} станциясынан келген аудит пакетінде бар. Ешбір сеанс айыпталмайды.</translation>
    </message>
    <message>
      <source>The copy carries the mark of session {session}, which two stations claim: it is attributed to neither (see the stations' findings).</source>
      <translation>Көшірмеде екі станция тіркеген {session} сеансының белгісі бар: ол ешқайсысына телінбейді (станциялардағы анықталған фактілерді қараңыз).</translation>
    </message>
    <message>
      <source>The clip carries the mark of session {session}, which no imported audit bundle holds: import the station's audit bundle and scan again.</source>
      <translation>Клипте {session} сеансының белгісі бар, бірақ ол импортталған аудит пакеттерінің ешқайсысында жоқ: станцияның аудит пакетін импорттап, қайта тексеріңіз.</translation>
    </message>
    <message>
      <source>Not attributable: no session is named.</source>
      <translation>Көзін анықтау мүмкін емес: ешбір сеанс аталмайды.</translation>
    </message>
    <message>
      <source>p = {p}, above the threshold {threshold}</source>
      <translation>p = {p}, {threshold} шегінен жоғары</translation>
    </message>
    <message>
      <source>Identification</source>
      <translation>Анықтау</translation>
    </message>
    <message>
      <source>Film</source>
      <translation>Фильм</translation>
    </message>
    <message>
      <source>Where in it</source>
      <translation>Фильмнің қай жері</translation>
    </message>
    <message>
      <source>Match score</source>
      <translation>Сәйкестік бағасы</translation>
    </message>
    <message>
      <source>Trace</source>
      <translation>Көзін іздеу</translation>
    </message>
    <message>
      <source>False-positive probability</source>
      <translation>Жалған іске қосылу ықтималдығы</translation>
    </message>
    <message>
      <source>Session</source>
      <translation>Сеанс</translation>
    </message>
    <message>
      <source>Key</source>
      <translation>Кілт</translation>
    </message>
    <message>
      <source>Leak group</source>
      <translation>Таралым тобы</translation>
    </message>
    <message>
      <source>No detection score over time: the mark was not found in this clip, or it was not traced.</source>
      <translation>Уақыт бойынша анықтау бағасы жоқ: клипте белгі табылмады немесе көзі ізделмеді.</translation>
    </message>
  </context>
  <context>
    <name>ReviewFormDialog</name>
    <message>
      <source>(choose a note as evidence)</source>
      <translation>(дәлел ретінде жазбаны таңдаңыз)</translation>
    </message>
    <message>
      <source>Saved. The form is complete.</source>
      <translation>Сақталды. Нысан толық толтырылды.</translation>
    </message>
    <message>
      <source>Choose one of the seven categories.</source>
      <translation>Жеті санаттың бірін таңдаңыз.</translation>
    </message>
    <message>
      <source>Repealed scheme: only for films classified under the former film index.</source>
      <translation>Күші жойылған жүйе: тек бұрынғы фильм индексі бойынша жіктелген фильмдер үшін.</translation>
    </message>
    <message>
      <source>Repealed scheme. {index}: {audience}; nearest category now: {category}.</source>
      <translation>Күші жойылған жүйе. {index}: {audience}; қазіргі ең жақын санат: {category}.</translation>
    </message>
    <message>
      <source>The correspondence is approximate.</source>
      <translation>Сәйкестік шамамен алынған.</translation>
    </message>
    <message>
      <source>No language requirement is found unmet.</source>
      <translation>Орындалмаған тіл талабы табылған жоқ.</translation>
    </message>
    <message>
      <source>Review form: {title}</source>
      <translation>Қарау нысаны: {title}</translation>
    </message>
    <message>
      <source>full-length film (52 minutes or more)</source>
      <translation>толық метражды фильм (52 минут немесе одан көп)</translation>
    </message>
    <message>
      <source>short film (under 52 minutes)</source>
      <translation>қысқа метражды фильм (52 минуттан аз)</translation>
    </message>
    <message>
      <source>Age category (Art. 8)</source>
      <translation>Жас санаты (8-бап)</translation>
    </message>
    <message>
      <source>The member's category</source>
      <translation>Мүшенің санаты</translation>
    </message>
    <message>
      <source>Declared by the applicant</source>
      <translation>Өтініш беруші мәлімдеген</translation>
    </message>
    <message>
      <source>not declared</source>
      <translation>мәлімделмеген</translation>
    </message>
    <message>
      <source>Criteria</source>
      <translation>Өлшемшарттар</translation>
    </message>
    <message>
      <source>Former film index</source>
      <translation>Бұрынғы фильм индексі</translation>
    </message>
    <message>
      <source>(choose)</source>
      <translation>(таңдаңыз)</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>(жоқ)</translation>
    </message>
    <message>
      <source>Language (Art. 9)</source>
      <translation>Тіл (9-бап)</translation>
    </message>
    <message>
      <source>Release languages</source>
      <translation>Прокат тілдері</translation>
    </message>
    <message>
      <source>{title}
Register number: {register}   Member: {member}
Duration: {duration}, {length} (Art. 10)</source>
      <translation>{title}
Тізілімдегі нөмірі: {register}   Мүше: {member}
Ұзақтығы: {duration}, {length} (10-бап)</translation>
    </message>
    <message>
      <source>Kazakh version</source>
      <translation>Қазақша нұсқасы</translation>
    </message>
    <message>
      <source>Limited release</source>
      <translation>Шектеулі прокат</translation>
    </message>
    <message>
      <source>National film</source>
      <translation>Ұлттық фильм</translation>
    </message>
    <message>
      <source>Obscene words</source>
      <translation>Әдепсіз сөздер</translation>
    </message>
    <message>
      <source>Remarks</source>
      <translation>Ескертпелер</translation>
    </message>
    <message>
      <source>Grounds for refusal (Art. 7 p.6): each needs a time-coded note</source>
      <translation>Бас тарту негіздері (7-баптың 6-тармағы): әрқайсысына уақыт белгісі бар жазба қажет</translation>
    </message>
    <message>
      <source>Recommendation</source>
      <translation>Ұсыным</translation>
    </message>
    <message>
      <source>Conclusion</source>
      <translation>Қорытынды</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>Сақтау</translation>
    </message>
    <message>
      <source>Export report</source>
      <translation>Есепті экспорттау</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Жабу</translation>
    </message>
  </context>
  <context>
    <name>ReviewNotesWidget</name>
    <message>
      <source>{time}  new note: type its text below</source>
      <translation>{time}  жаңа жазба: мәтінін төменде теріңіз</translation>
    </message>
    <message>
      <source>Choose a note in the list to delete it.</source>
      <translation>Жою үшін тізімнен жазбаны таңдаңыз.</translation>
    </message>
    <message>
      <source>The note at {time} is withdrawn: it is kept in the record and the report counts it as withdrawn.</source>
      <translation>{time} уақытындағы жазба кері қайтарылды: ол жазбада сақталады, есеп оны кері қайтарылған деп санайды.</translation>
    </message>
    <message>
      <source>An empty note is not kept: type its text, or delete the note.</source>
      <translation>Бос жазба сақталмайды: мәтінін теріңіз немесе жазбаны жойыңыз.</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>Жазбалар</translation>
    </message>
    <message>
      <source>Add note (N)</source>
      <translation>Жазба қосу (N)</translation>
    </message>
    <message>
      <source>Add a note at the current time code</source>
      <translation>Ағымдағы уақыт белгісіне жазба қосу</translation>
    </message>
    <message>
      <source>Delete note (Del)</source>
      <translation>Жазбаны жою (Del)</translation>
    </message>
    <message>
      <source>Withdraw the chosen note; the report counts withdrawn notes</source>
      <translation>Таңдалған жазбаны кері қайтару; есеп кері қайтарылған жазбаларды санайды</translation>
    </message>
    <message>
      <source>Type the note; it is saved as you type.</source>
      <translation>Жазбаны теріңіз; ол терілген сайын сақталады.</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>Санат</translation>
    </message>
    <message>
      <source>Severity</source>
      <translation>Маңыздылығы</translation>
    </message>
  </context>
  <context>
    <name>ScorePlot</name>
    <message>
      <source>clip time, s</source>
      <translation>клип уақыты, с</translation>
    </message>
    <message>
      <source>−log₁₀ p</source>
      <translation>−log₁₀ p</translation>
    </message>
    <message>
      <source>decision threshold</source>
      <translation>шешім шегі</translation>
    </message>
    <message>
      <source>No detection score over time for this clip.</source>
      <translation>Бұл клип үшін уақыт бойынша анықтау бағасы жоқ.</translation>
    </message>
  </context>
  <context>
    <name>StationWindow</name>
    <message>
      <source>Opening the station's keys…</source>
      <translation>Станция кілттері ашылуда…</translation>
    </message>
    <message>
      <source>Checking the license and opening “{title}”…</source>
      <translation>Лицензия тексеріліп, «{title}» ашылуда…</translation>
    </message>
    <message>
      <source>Please wait</source>
      <translation>Күте тұрыңыз</translation>
    </message>
    <message>
      <source>Screening Room</source>
      <translation>Көру залы</translation>
    </message>
    <message>
      <source>This workstation is not enrolled as a review station yet.</source>
      <translation>Бұл жұмыс орны әлі көру станциясы ретінде тіркелмеген.</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Тіл</translation>
    </message>
  </context>
  <context>
    <name>StationsPanel</name>
    <message>
      <source>revoked</source>
      <translation>кері қайтарылған</translation>
    </message>
    <message>
      <source>tampering found</source>
      <translation>бұрмалау анықталды</translation>
    </message>
    <message>
      <source>{count} findings</source>
      <translation>{count} анықталған факт</translation>
    </message>
    <message>
      <source>no findings</source>
      <translation>анықталған фактілер жоқ</translation>
    </message>
    <message>
      <source>Review stations</source>
      <translation>Қарау станциялары</translation>
    </message>
    <message>
      <source>Findings against the selected station</source>
      <translation>Таңдалған станцияға қатысты анықталған фактілер</translation>
    </message>
    <message>
      <source>Station</source>
      <translation>Станция</translation>
    </message>
    <message>
      <source>Room</source>
      <translation>Зал</translation>
    </message>
    <message>
      <source>Records held</source>
      <translation>Сақталған жазбалар</translation>
    </message>
    <message>
      <source>Sessions</source>
      <translation>Сеанстар</translation>
    </message>
    <message>
      <source>State</source>
      <translation>Күйі</translation>
    </message>
    <message>
      <source>When</source>
      <translation>Қашан</translation>
    </message>
    <message>
      <source>Finding</source>
      <translation>Анықталған факт</translation>
    </message>
    <message>
      <source>Detail</source>
      <translation>Толығырақ</translation>
    </message>
  </context>
  <context>
    <name>UnlockForm</name>
    <message>
      <source>Unlock the station</source>
      <translation>Станцияның құлпын ашу</translation>
    </message>
    <message>
      <source>The station's keys are protected by a passphrase. The station operator types it once when the station starts.</source>
      <translation>Станция кілттері құпия фразамен қорғалған. Станция операторы оны станция іске қосылғанда бір рет енгізеді.</translation>
    </message>
    <message>
      <source>Station passphrase</source>
      <translation>Станцияның құпия фразасы</translation>
    </message>
    <message>
      <source>Unlock</source>
      <translation>Құлпын ашу</translation>
    </message>
  </context>
  <context>
    <name>WatchPanel</name>
    <message>
      <source>Findings ({n})</source>
      <translation>Табылғандар ({n})</translation>
    </message>
    <message>
      <source>Clips ({n})</source>
      <translation>Клиптер ({n})</translation>
    </message>
    <message>
      <source>Leads ({n})</source>
      <translation>Іздер ({n})</translation>
    </message>
    <message>
      <source>{n} new videos found so far</source>
      <translation>Әзірге табылған жаңа бейнелер: {n}</translation>
    </message>
    <message>
      <source>scan queued</source>
      <translation>тексеру кезекте</translation>
    </message>
    <message>
      <source>scanned</source>
      <translation>тексерілді</translation>
    </message>
    <message>
      <source>scan failed</source>
      <translation>тексеру сәтсіз</translation>
    </message>
    <message>
      <source>@channel, a t.me link, or the address of a web page or feed</source>
      <translation>@арна, t.me сілтемесі, веб-бет немесе лента мекенжайы</translation>
    </message>
    <message>
      <source>every (min)</source>
      <translation>жиілігі (мин)</translation>
    </message>
    <message>
      <source>Watch</source>
      <translation>Бақылау</translation>
    </message>
    <message>
      <source>Stop watching</source>
      <translation>Бақылауды тоқтату</translation>
    </message>
    <message>
      <source>Poll now</source>
      <translation>Қазір тексеру</translation>
    </message>
    <message>
      <source>Scan queued clips</source>
      <translation>Кезектегі клиптерді тексеру</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Бас тарту</translation>
    </message>
    <message>
      <source>Watch this lead</source>
      <translation>Осы ізді бақылау</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>Көз</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>Түрі</translation>
    </message>
    <message>
      <source>Last poll (UTC)</source>
      <translation>Соңғы тексеру (UTC)</translation>
    </message>
    <message>
      <source>Next poll (UTC)</source>
      <translation>Келесі тексеру (UTC)</translation>
    </message>
    <message>
      <source>Last outcome</source>
      <translation>Соңғы нәтиже</translation>
    </message>
    <message>
      <source>When (UTC)</source>
      <translation>Уақыты (UTC)</translation>
    </message>
    <message>
      <source>Finding</source>
      <translation>Анықталған факт</translation>
    </message>
    <message>
      <source>Detail</source>
      <translation>Толығырақ</translation>
    </message>
    <message>
      <source>Case</source>
      <translation>Іс</translation>
    </message>
    <message>
      <source>Scan</source>
      <translation>Тексеру</translation>
    </message>
    <message>
      <source>Seen at</source>
      <translation>Көрінген жері</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>Нәтиже</translation>
    </message>
    <message>
      <source>Lead</source>
      <translation>Із</translation>
    </message>
    <message>
      <source>Times</source>
      <translation>Рет</translation>
    </message>
    <message>
      <source>First seen in</source>
      <translation>Алғаш көрінген жері</translation>
    </message>
    <message>
      <source>Findings</source>
      <translation>Табылғандар</translation>
    </message>
    <message>
      <source>Clips</source>
      <translation>Клиптер</translation>
    </message>
    <message>
      <source>Leads</source>
      <translation>Іздер</translation>
    </message>
  </context>
</TS>
