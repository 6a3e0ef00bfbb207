<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="kk_KZ">
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
      <translation>Құпиясөз</translation>
    </message>
    <message>
      <source>Log in</source>
      <translation>Кіру</translation>
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
      <source>Export review report</source>
      <translation>Қарау есебін экспорттау</translation>
    </message>
    <message>
      <source>Report written: {path}</source>
      <translation>Есеп жазылды: {path}</translation>
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
      <source>{title}
Register number: {register}   Member: {member}
Duration: {minutes} min, {length} (Art. 10)</source>
      <translation>{title}
Тізілімдегі нөмірі: {register}   Мүше: {member}
Ұзақтығы: {minutes} мин, {length} (10-бап)</translation>
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
      <source>language codes, e.g. kk, ru</source>
      <translation>тіл кодтары, мысалы kk, ru</translation>
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
</TS>
