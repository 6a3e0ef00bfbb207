<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
  <context>
    <name>CasesPanel</name>
    <message>
      <source>{time} (overdue)</source>
      <translation>{time} (просрочено)</translation>
    </message>
    <message>
      <source>Cases</source>
      <translation>Дела</translation>
    </message>
    <message>
      <source>Case</source>
      <translation>Дело</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Состояние</translation>
    </message>
    <message>
      <source>Opened ({zone})</source>
      <translation>Открыто ({zone})</translation>
    </message>
    <message>
      <source>Next deadline ({zone})</source>
      <translation>Следующий срок ({zone})</translation>
    </message>
    <message>
      <source>Seen</source>
      <translation>Замечен</translation>
    </message>
    <message>
      <source>Session</source>
      <translation>Сеанс</translation>
    </message>
    <message>
      <source>Film or clip</source>
      <translation>Фильм или клип</translation>
    </message>
    <message>
      <source>Open case</source>
      <translation>Открыть дело</translation>
    </message>
    <message>
      <source>Set status</source>
      <translation>Установить статус</translation>
    </message>
    <message>
      <source>note (optional)</source>
      <translation>примечание (необязательно)</translation>
    </message>
  </context>
  <context>
    <name>DeskErrors</name>
    <message>
      <source>Scan cancelled</source>
      <translation>Проверка отменена</translation>
    </message>
    <message>
      <source>Please check what you entered</source>
      <translation>Проверьте введённые данные</translation>
    </message>
    <message>
      <source>The desk cannot do this</source>
      <translation>Пульт не может это выполнить</translation>
    </message>
    <message>
      <source>Something went wrong</source>
      <translation>Что-то пошло не так</translation>
    </message>
    <message>
      <source>The file could not be used: {reason}</source>
      <translation>Не удалось использовать файл: {reason}</translation>
    </message>
    <message>
      <source>An unexpected problem stopped the work ({kind}: {message}). Nothing was recorded for it; try again, and if it happens again, report it with this message.</source>
      <translation>Непредвиденная ошибка остановила работу ({kind}: {message}). Ничего не было записано; повторите попытку, а если ошибка повторится, сообщите о ней с этим текстом.</translation>
    </message>
  </context>
  <context>
    <name>DeskWindow</name>
    <message>
      <source>Scanning {name}…</source>
      <translation>Проверка {name}…</translation>
    </message>
    <message>
      <source>Case {case} recorded.</source>
      <translation>Дело {case} записано.</translation>
    </message>
    <message>
      <source>Screening Room — takedown desk</source>
      <translation>Screening Room — пульт блокировки контента</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>Результат</translation>
    </message>
    <message>
      <source>Evidence</source>
      <translation>Доказательства</translation>
    </message>
    <message>
      <source>Notices</source>
      <translation>Уведомления</translation>
    </message>
    <message>
      <source>Stations</source>
      <translation>Станции</translation>
    </message>
    <message>
      <source>Watch</source>
      <translation>Наблюдение</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Язык</translation>
    </message>
    <message>
      <source>Desk station</source>
      <translation>Станция пульта</translation>
    </message>
    <message>
      <source>Passphrase of this desk's station key:</source>
      <translation>Парольная фраза ключа станции этого пульта:</translation>
    </message>
  </context>
  <context>
    <name>EvidencePanel</name>
    <message>
      <source>{link}
{time}; channel {channel}; {views} views</source>
      <translation>{link}
{time}; канал {channel}; просмотров: {views}</translation>
    </message>
    <message>
      <source>{name}, {size} bytes, {seconds} s; received {time}</source>
      <translation>{name}, {size} байт, {seconds} с; получено {time}</translation>
    </message>
    <message>
      <source>✔ verifies: signed by station {station}</source>
      <translation>✔ проверка пройдена: подписано станцией {station}</translation>
    </message>
    <message>
      <source>✘ does not verify: {problem}</source>
      <translation>✘ проверка не пройдена: {problem}</translation>
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
      <translation>Замечен</translation>
    </message>
    <message>
      <source>File</source>
      <translation>Файл</translation>
    </message>
    <message>
      <source>Signed evidence bundle</source>
      <translation>Подписанный пакет доказательств</translation>
    </message>
    <message>
      <source>Signature</source>
      <translation>Подпись</translation>
    </message>
    <message>
      <source>Contents</source>
      <translation>Содержимое</translation>
    </message>
    <message>
      <source>Matched frames (clip beside master)</source>
      <translation>Совпавшие кадры (клип рядом с оригиналом)</translation>
    </message>
    <message>
      <source>No matched frames: the clip is not identified.</source>
      <translation>Совпавших кадров нет: клип не опознан.</translation>
    </message>
    <message>
      <source>Chain of custody</source>
      <translation>Цепочка хранения</translation>
    </message>
    <message>
      <source>When</source>
      <translation>Когда</translation>
    </message>
    <message>
      <source>Who</source>
      <translation>Кто</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>Действие</translation>
    </message>
    <message>
      <source>Detail</source>
      <translation>Подробности</translation>
    </message>
  </context>
  <context>
    <name>FilmList</name>
    <message>
      <source>Sessions used up</source>
      <translation>Сеансы исчерпаны</translation>
    </message>
    <message>
      <source>Ready</source>
      <translation>Готов</translation>
    </message>
    <message>
      <source>No license</source>
      <translation>Нет лицензии</translation>
    </message>
    <message>
      <source>Not yet valid</source>
      <translation>Ещё не действует</translation>
    </message>
    <message>
      <source>Expired</source>
      <translation>Срок истёк</translation>
    </message>
    <message>
      <source>Revoked</source>
      <translation>Отозвана</translation>
    </message>
    <message>
      <source>Invalid</source>
      <translation>Недействительна</translation>
    </message>
    <message>
      <source>Not on your license</source>
      <translation>Вас нет в лицензии</translation>
    </message>
    <message>
      <source>{left} of {total}</source>
      <translation>{left} из {total}</translation>
    </message>
    <message>
      <source>Rights holder: {holder}</source>
      <translation>Правообладатель: {holder}</translation>
    </message>
    <message>
      <source>Films licensed to this station</source>
      <translation>Фильмы, лицензированные для этой станции</translation>
    </message>
    <message>
      <source>Logged in: {name}</source>
      <translation>Вход выполнен: {name}</translation>
    </message>
    <message>
      <source>Log out</source>
      <translation>Выйти</translation>
    </message>
    <message>
      <source>Play</source>
      <translation>Смотреть</translation>
    </message>
    <message>
      <source>Review form…</source>
      <translation>Форма просмотра…</translation>
    </message>
    <message>
      <source>No film is licensed to this station yet. The station operator imports the screeners and licenses the review office sends.</source>
      <translation>Для этой станции пока нет лицензированных фильмов. Оператор станции импортирует скринеры и лицензии, присланные офисом экспертизы.</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>Название</translation>
    </message>
    <message>
      <source>Register no.</source>
      <translation>Номер в реестре</translation>
    </message>
    <message>
      <source>Age</source>
      <translation>Возраст</translation>
    </message>
    <message>
      <source>Duration</source>
      <translation>Длительность</translation>
    </message>
    <message>
      <source>Valid from</source>
      <translation>Действует с</translation>
    </message>
    <message>
      <source>Valid until</source>
      <translation>Действует до</translation>
    </message>
    <message>
      <source>Sessions left</source>
      <translation>Осталось сеансов</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Состояние</translation>
    </message>
  </context>
  <context>
    <name>IntakePanel</name>
    <message>
      <source>Drop a suspected clip here</source>
      <translation>Перетащите сюда подозрительный клип</translation>
    </message>
    <message>
      <source>Clip: {name}</source>
      <translation>Клип: {name}</translation>
    </message>
    <message>
      <source>Choose a suspected clip</source>
      <translation>Выберите подозрительный клип</translation>
    </message>
    <message>
      <source>Video files ({patterns});;All files (*)</source>
      <translation>Видеофайлы ({patterns});;Все файлы (*)</translation>
    </message>
    <message>
      <source>Cancelling…</source>
      <translation>Отмена…</translation>
    </message>
    <message>
      <source>Checking the clip…</source>
      <translation>Проверка клипа…</translation>
    </message>
    <message>
      <source>Identifying the film…</source>
      <translation>Опознание фильма…</translation>
    </message>
    <message>
      <source>Tracing the leaking session…</source>
      <translation>Поиск сеанса утечки…</translation>
    </message>
    <message>
      <source>Signing the evidence…</source>
      <translation>Подписание доказательств…</translation>
    </message>
    <message>
      <source>New clip</source>
      <translation>Новый клип</translation>
    </message>
    <message>
      <source>Choose clip…</source>
      <translation>Выбрать клип…</translation>
    </message>
    <message>
      <source>Seen at (link)</source>
      <translation>Где обнаружен (ссылка)</translation>
    </message>
    <message>
      <source>Seen at (time)</source>
      <translation>Когда обнаружен (время)</translation>
    </message>
    <message>
      <source>2026-03-01T18:30 (empty: now)</source>
      <translation>2026-03-01T18:30 (пусто: сейчас)</translation>
    </message>
    <message>
      <source>Channel or site</source>
      <translation>Канал или сайт</translation>
    </message>
    <message>
      <source>from the link if empty</source>
      <translation>если пусто — из ссылки</translation>
    </message>
    <message>
      <source>Views</source>
      <translation>Просмотры</translation>
    </message>
    <message>
      <source>Scan</source>
      <translation>Проверить</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Отмена</translation>
    </message>
  </context>
  <context>
    <name>LoginForm</name>
    <message>
      <source>Type your member id and your password.</source>
      <translation>Введите идентификатор члена комиссии и пароль.</translation>
    </message>
    <message>
      <source>Log in to review</source>
      <translation>Вход для просмотра</translation>
    </message>
    <message>
      <source>Expert commission members log in with the member id and password they were enrolled with.</source>
      <translation>Члены экспертной комиссии входят с идентификатором и паролем, выданными при регистрации.</translation>
    </message>
    <message>
      <source>Station {name}, room {room}</source>
      <translation>Станция {name}, зал {room}</translation>
    </message>
    <message>
      <source>Member id</source>
      <translation>Идентификатор</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>Пароль</translation>
    </message>
    <message>
      <source>Log in</source>
      <translation>Войти</translation>
    </message>
  </context>
  <context>
    <name>MemberPasswordDialog</name>
    <message>
      <source>Sign the review report</source>
      <translation>Подписать отчёт о просмотре</translation>
    </message>
    <message>
      <source>{name}, type your password to sign the report with your own key. The station records the signature in its audit log.</source>
      <translation>{name}, введите свой пароль, чтобы подписать отчёт своим ключом. Станция запишет подпись в журнал аудита.</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>Пароль</translation>
    </message>
    <message>
      <source>Sign</source>
      <translation>Подписать</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Отмена</translation>
    </message>
  </context>
  <context>
    <name>NoticePane</name>
    <message>
      <source>Not drafted yet: fill in the details above and press “Draft notices”.</source>
      <translation>Ещё не подготовлено: заполните данные выше и нажмите «Подготовить уведомления».</translation>
    </message>
    <message>
      <source>E-mail message (*.eml)</source>
      <translation>Электронное письмо (*.eml)</translation>
    </message>
    <message>
      <source>PDF (*.pdf)</source>
      <translation>PDF (*.pdf)</translation>
    </message>
    <message>
      <source>Save the notice</source>
      <translation>Сохранить уведомление</translation>
    </message>
    <message>
      <source>Notice</source>
      <translation>Уведомление</translation>
    </message>
    <message>
      <source>To {recipient}</source>
      <translation>Кому: {recipient}</translation>
    </message>
    <message>
      <source>Save .eml…</source>
      <translation>Сохранить .eml…</translation>
    </message>
    <message>
      <source>Save PDF…</source>
      <translation>Сохранить PDF…</translation>
    </message>
  </context>
  <context>
    <name>NoticesPanel</name>
    <message>
      <source>This case's clip was not identified as a registered film: no notice asserting infringement is drafted for it.</source>
      <translation>Клип этого дела не опознан как зарегистрированный фильм: уведомление о нарушении для него не готовится.</translation>
    </message>
    <message>
      <source>sent {time} to {to}</source>
      <translation>отправлено {time} на {to}</translation>
    </message>
    <message>
      <source>not sent</source>
      <translation>не отправлено</translation>
    </message>
    <message>
      <source>Abuse contacts</source>
      <translation>Контакты для жалоб</translation>
    </message>
    <message>
      <source>Paste the RDAP (JSON) or WHOIS text of the site's domain or network:</source>
      <translation>Вставьте текст RDAP (JSON) или WHOIS домена или сети сайта:</translation>
    </message>
    <message>
      <source>Drafting…</source>
      <translation>Подготовка…</translation>
    </message>
    <message>
      <source>Details the notices need</source>
      <translation>Данные для уведомлений</translation>
    </message>
    <message>
      <source>Rights holder</source>
      <translation>Правообладатель</translation>
    </message>
    <message>
      <source>State register No.</source>
      <translation>Номер в Государственном регистре</translation>
    </message>
    <message>
      <source>Distribution certificate</source>
      <translation>Прокатное удостоверение</translation>
    </message>
    <message>
      <source>Site's abuse e-mail</source>
      <translation>Адрес сайта для жалоб</translation>
    </message>
    <message>
      <source>number and date of the certificate</source>
      <translation>номер и дата удостоверения</translation>
    </message>
    <message>
      <source>Record on the film</source>
      <translation>Записать в фильм</translation>
    </message>
    <message>
      <source>Drafted notices (every version is kept)</source>
      <translation>Подготовленные уведомления (каждая версия сохраняется)</translation>
    </message>
    <message>
      <source>To</source>
      <translation>Кому</translation>
    </message>
    <message>
      <source>Version</source>
      <translation>Версия</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Язык</translation>
    </message>
    <message>
      <source>Drafted</source>
      <translation>Подготовлено</translation>
    </message>
    <message>
      <source>Sent</source>
      <translation>Отправлено</translation>
    </message>
    <message>
      <source>for site, hosting and registrar notices (or paste RDAP/WHOIS)</source>
      <translation>для уведомлений сайту, хостингу и регистратору (или вставьте RDAP/WHOIS)</translation>
    </message>
    <message>
      <source>Paste RDAP/WHOIS…</source>
      <translation>Вставить RDAP/WHOIS…</translation>
    </message>
    <message>
      <source>Language of the notices:</source>
      <translation>Язык уведомлений:</translation>
    </message>
    <message>
      <source>Draft notices</source>
      <translation>Подготовить уведомления</translation>
    </message>
  </context>
  <context>
    <name>PlayerWindow</name>
    <message>
      <source>Pause (Space)</source>
      <translation>Пауза (Пробел)</translation>
    </message>
    <message>
      <source>Play (Space)</source>
      <translation>Воспроизвести (Пробел)</translation>
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
      <translation>Назад на 10 секунд (Влево)</translation>
    </message>
    <message>
      <source>Forward 10 seconds (Right)</source>
      <translation>Вперёд на 10 секунд (Вправо)</translation>
    </message>
    <message>
      <source>Stop and end the session</source>
      <translation>Остановить и завершить сеанс</translation>
    </message>
    <message>
      <source>Full screen</source>
      <translation>Во весь экран</translation>
    </message>
    <message>
      <source>Review form…</source>
      <translation>Форма просмотра…</translation>
    </message>
    <message>
      <source>Full screen (F); Esc leaves it</source>
      <translation>Во весь экран (F); Esc — выход</translation>
    </message>
    <message>
      <source>Volume</source>
      <translation>Громкость</translation>
    </message>
  </context>
  <context>
    <name>RefusalDialog</name>
    <message>
      <source>Playback refused</source>
      <translation>Воспроизведение отклонено</translation>
    </message>
    <message>
      <source>What happened</source>
      <translation>Что произошло</translation>
    </message>
    <message>
      <source>What to do</source>
      <translation>Что делать</translation>
    </message>
    <message>
      <source>Reason code: {code} (recorded in the audit log)</source>
      <translation>Код причины: {code} (записан в журнал аудита)</translation>
    </message>
  </context>
  <context>
    <name>ReportExport</name>
    <message>
      <source>Export cancelled: no report was written.</source>
      <translation>Экспорт отменён: отчёт не записан.</translation>
    </message>
    <message>
      <source>Signing and writing the report…</source>
      <translation>Отчёт подписывается и записывается…</translation>
    </message>
    <message>
      <source>Signing and writing the report… ({done} of {total})</source>
      <translation>Отчёт подписывается и записывается… ({done} из {total})</translation>
    </message>
    <message>
      <source>Report written and signed by you and by station {station}: {path}</source>
      <translation>Отчёт записан и подписан вами и станцией {station}: {path}</translation>
    </message>
    <message>
      <source>The report could not be written: {reason}</source>
      <translation>Отчёт не удалось записать: {reason}</translation>
    </message>
  </context>
  <context>
    <name>ReportFileDialog</name>
    <message>
      <source>Export review report</source>
      <translation>Экспорт отчёта о просмотре</translation>
    </message>
    <message>
      <source>PDF documents (*.pdf)</source>
      <translation>Документы PDF (*.pdf)</translation>
    </message>
  </context>
  <context>
    <name>ResultPanel</name>
    <message>
      <source>No case open</source>
      <translation>Дело не открыто</translation>
    </message>
    <message>
      <source>Drop a clip and scan it, or open a case from the list.</source>
      <translation>Перетащите клип и проверьте его или откройте дело из списка.</translation>
    </message>
    <message>
      <source>Case {case}: {title}</source>
      <translation>Дело {case}: {title}</translation>
    </message>
    <message>
      <source>Status: {status} · opened {opened} · next deadline {deadline}</source>
      <translation>Статус: {status} · открыто {opened} · следующий срок {deadline}</translation>
    </message>
    <message>
      <source>Re-upload of case {case}, which was already taken down.</source>
      <translation>Повторная загрузка по делу {case}, которое уже было заблокировано.</translation>
    </message>
    <message>
      <source>{title} ({film}), State register No. {number}</source>
      <translation>{title} ({film}), № {number} в Государственном регистре</translation>
    </message>
    <message>
      <source>{seconds} s into the film ({hms})</source>
      <translation>с {seconds} с фильма ({hms})</translation>
    </message>
    <message>
      <source>clip {start}–{end} s matches</source>
      <translation>совпадает часть клипа {start}–{end} с</translation>
    </message>
    <message>
      <source>{score} (threshold {threshold}): a match</source>
      <translation>{score} (порог {threshold}): совпадение</translation>
    </message>
    <message>
      <source>No registered film matches this clip.</source>
      <translation>Ни один зарегистрированный фильм не совпадает с этим клипом.</translation>
    </message>
    <message>
      <source>best {score}, below the threshold {threshold}</source>
      <translation>лучшее {score}, ниже порога {threshold}</translation>
    </message>
    <message>
      <source>copies of the same leak: {cases}</source>
      <translation>копии одной утечки: {cases}</translation>
    </message>
    <message>
      <source>license {license} (station {station})</source>
      <translation>лицензия {license} (станция {station})</translation>
    </message>
    <message>
      <source>the office's single key</source>
      <translation>единый ключ бюро</translation>
    </message>
    <message>
      <source>{key}; license keys tried: {count}, counted in p</source>
      <translation>{key}; проверено ключей лицензий: {count}, учтено в p</translation>
    </message>
    <message>
      <source>Not traced: the clip is not identified as a registered film.</source>
      <translation>Источник не искали: клип не опознан как зарегистрированный фильм.</translation>
    </message>
    <message>
      <source>Attributed: the clip leaked from review session {session}.</source>
      <translation>Источник установлен: клип утёк с сеанса экспертизы {session}.</translation>
    </message>
    <message>
      <source>p = {p}, below the threshold {threshold}</source>
      <translation>p = {p}, ниже порога {threshold}</translation>
    </message>
    <message>
      <source>{session}: station {station}, {room}, member {member}, started {started}</source>
      <translation>{session}: станция {station}, {room}, участник {member}, начало {started}</translation>
    </message>
    <message>
      <source>Tampering at station {station}: the copy is marked under its license's key with session {session}, which that station never recorded. No session is accused; a finding is recorded.</source>
      <translation>Подлог на станции {station}: копия помечена ключом её лицензии с сеансом {session}, которого эта станция не записывала. Ни один сеанс не обвиняется; выявленный факт записан.</translation>
    </message>
    <message>
      <source>The copy is marked under the key of license {license} with session {session}; the desk holds records of that license only in an audit bundle it refused, from station {station}. No session is accused.</source>
      <translation>Копия помечена ключом лицензии {license} с сеансом {session}; записи этой лицензии есть у стола только в отклонённом им пакете аудита от станции {station}. Ни один сеанс не обвиняется.</translation>
    </message>
    <message>
      <source>The copy carries the mark of session {session}, which two stations claim: it is attributed to neither (see the stations' findings).</source>
      <translation>Копия несёт метку сеанса {session}, который заявляют две станции: она не приписывается ни одной (см. выявленные факты станций).</translation>
    </message>
    <message>
      <source>The clip carries the mark of session {session}, which no imported audit bundle holds: import the station's audit bundle and scan again.</source>
      <translation>Клип несёт метку сеанса {session}, которого нет ни в одном импортированном пакете аудита: импортируйте пакет аудита станции и проверьте снова.</translation>
    </message>
    <message>
      <source>Not attributable: no session is named.</source>
      <translation>Источник установить нельзя: сеанс не называется.</translation>
    </message>
    <message>
      <source>p = {p}, above the threshold {threshold}</source>
      <translation>p = {p}, выше порога {threshold}</translation>
    </message>
    <message>
      <source>Identification</source>
      <translation>Опознание</translation>
    </message>
    <message>
      <source>Film</source>
      <translation>Фильм</translation>
    </message>
    <message>
      <source>Where in it</source>
      <translation>Место в фильме</translation>
    </message>
    <message>
      <source>Match score</source>
      <translation>Оценка совпадения</translation>
    </message>
    <message>
      <source>Trace</source>
      <translation>Поиск источника</translation>
    </message>
    <message>
      <source>False-positive probability</source>
      <translation>Вероятность ложного срабатывания</translation>
    </message>
    <message>
      <source>Session</source>
      <translation>Сеанс</translation>
    </message>
    <message>
      <source>Key</source>
      <translation>Ключ</translation>
    </message>
    <message>
      <source>Leak group</source>
      <translation>Группа утечки</translation>
    </message>
    <message>
      <source>No detection score over time: the mark was not found in this clip, or it was not traced.</source>
      <translation>Нет оценки обнаружения по времени: метка в клипе не найдена или источник не искали.</translation>
    </message>
  </context>
  <context>
    <name>ReviewFormDialog</name>
    <message>
      <source>(choose a note as evidence)</source>
      <translation>(выберите заметку как доказательство)</translation>
    </message>
    <message>
      <source>Saved. The form is complete.</source>
      <translation>Сохранено. Форма заполнена полностью.</translation>
    </message>
    <message>
      <source>Choose one of the seven categories.</source>
      <translation>Выберите одну из семи категорий.</translation>
    </message>
    <message>
      <source>Repealed scheme: only for films classified under the former film index.</source>
      <translation>Отменённая система: только для фильмов, классифицированных по прежнему индексу.</translation>
    </message>
    <message>
      <source>Repealed scheme. {index}: {audience}; nearest category now: {category}.</source>
      <translation>Отменённая система. {index}: {audience}; ближайшая категория сейчас: {category}.</translation>
    </message>
    <message>
      <source>The correspondence is approximate.</source>
      <translation>Соответствие приблизительное.</translation>
    </message>
    <message>
      <source>No language requirement is found unmet.</source>
      <translation>Невыполненных языковых требований не найдено.</translation>
    </message>
    <message>
      <source>Review form: {title}</source>
      <translation>Форма просмотра: {title}</translation>
    </message>
    <message>
      <source>full-length film (52 minutes or more)</source>
      <translation>полнометражный фильм (52 минуты и более)</translation>
    </message>
    <message>
      <source>short film (under 52 minutes)</source>
      <translation>короткометражный фильм (менее 52 минут)</translation>
    </message>
    <message>
      <source>Age category (Art. 8)</source>
      <translation>Возрастная категория (ст. 8)</translation>
    </message>
    <message>
      <source>The member's category</source>
      <translation>Категория члена комиссии</translation>
    </message>
    <message>
      <source>Declared by the applicant</source>
      <translation>Заявлена заявителем</translation>
    </message>
    <message>
      <source>not declared</source>
      <translation>не заявлена</translation>
    </message>
    <message>
      <source>Criteria</source>
      <translation>Критерии</translation>
    </message>
    <message>
      <source>Former film index</source>
      <translation>Прежний индекс фильма</translation>
    </message>
    <message>
      <source>(choose)</source>
      <translation>(выберите)</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>(нет)</translation>
    </message>
    <message>
      <source>Language (Art. 9)</source>
      <translation>Язык (ст. 9)</translation>
    </message>
    <message>
      <source>Release languages</source>
      <translation>Языки проката</translation>
    </message>
    <message>
      <source>{title}
Register number: {register}   Member: {member}
Duration: {duration}, {length} (Art. 10)</source>
      <translation>{title}
Номер в реестре: {register}   Член комиссии: {member}
Продолжительность: {duration}, {length} (ст. 10)</translation>
    </message>
    <message>
      <source>Kazakh version</source>
      <translation>Казахская версия</translation>
    </message>
    <message>
      <source>Limited release</source>
      <translation>Ограниченный прокат</translation>
    </message>
    <message>
      <source>National film</source>
      <translation>Национальный фильм</translation>
    </message>
    <message>
      <source>Obscene words</source>
      <translation>Нецензурные слова</translation>
    </message>
    <message>
      <source>Remarks</source>
      <translation>Замечания</translation>
    </message>
    <message>
      <source>Grounds for refusal (Art. 7 p.6): each needs a time-coded note</source>
      <translation>Основания для отказа (п. 6 ст. 7): каждому нужна заметка с тайм-кодом</translation>
    </message>
    <message>
      <source>Recommendation</source>
      <translation>Рекомендация</translation>
    </message>
    <message>
      <source>Conclusion</source>
      <translation>Заключение</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>Сохранить</translation>
    </message>
    <message>
      <source>Export report</source>
      <translation>Экспорт отчёта</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Закрыть</translation>
    </message>
  </context>
  <context>
    <name>ReviewNotesWidget</name>
    <message>
      <source>{time}  new note: type its text below</source>
      <translation>{time}  новая заметка: введите её текст ниже</translation>
    </message>
    <message>
      <source>Choose a note in the list to delete it.</source>
      <translation>Выберите заметку в списке, чтобы удалить её.</translation>
    </message>
    <message>
      <source>The note at {time} is withdrawn: it is kept in the record and the report counts it as withdrawn.</source>
      <translation>Заметка на {time} отозвана: она остаётся в записях, и отчёт учитывает её как отозванную.</translation>
    </message>
    <message>
      <source>An empty note is not kept: type its text, or delete the note.</source>
      <translation>Пустая заметка не сохраняется: введите её текст или удалите заметку.</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>Заметки</translation>
    </message>
    <message>
      <source>Add note (N)</source>
      <translation>Добавить заметку (N)</translation>
    </message>
    <message>
      <source>Add a note at the current time code</source>
      <translation>Добавить заметку на текущем тайм-коде</translation>
    </message>
    <message>
      <source>Delete note (Del)</source>
      <translation>Удалить заметку (Del)</translation>
    </message>
    <message>
      <source>Withdraw the chosen note; the report counts withdrawn notes</source>
      <translation>Отозвать выбранную заметку; отчёт учитывает отозванные заметки</translation>
    </message>
    <message>
      <source>Type the note; it is saved as you type.</source>
      <translation>Введите заметку; она сохраняется по мере ввода.</translation>
    </message>
    <message>
      <source>Category</source>
      <translation>Категория</translation>
    </message>
    <message>
      <source>Severity</source>
      <translation>Важность</translation>
    </message>
  </context>
  <context>
    <name>ScorePlot</name>
    <message>
      <source>clip time, s</source>
      <translation>время клипа, с</translation>
    </message>
    <message>
      <source>−log₁₀ p</source>
      <translation>−log₁₀ p</translation>
    </message>
    <message>
      <source>decision threshold</source>
      <translation>порог решения</translation>
    </message>
    <message>
      <source>No detection score over time for this clip.</source>
      <translation>Для этого клипа нет оценки обнаружения по времени.</translation>
    </message>
  </context>
  <context>
    <name>StationWindow</name>
    <message>
      <source>Opening the station's keys…</source>
      <translation>Открываются ключи станции…</translation>
    </message>
    <message>
      <source>Checking the license and opening “{title}”…</source>
      <translation>Проверка лицензии и открытие «{title}»…</translation>
    </message>
    <message>
      <source>Please wait</source>
      <translation>Подождите</translation>
    </message>
    <message>
      <source>Screening Room</source>
      <translation>Просмотровый зал</translation>
    </message>
    <message>
      <source>This workstation is not enrolled as a review station yet.</source>
      <translation>Это рабочее место ещё не зарегистрировано как станция просмотра.</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Язык</translation>
    </message>
  </context>
  <context>
    <name>StationsPanel</name>
    <message>
      <source>revoked</source>
      <translation>отозвана</translation>
    </message>
    <message>
      <source>tampering found</source>
      <translation>выявлен подлог</translation>
    </message>
    <message>
      <source>{count} findings</source>
      <translation>выявленных фактов: {count}</translation>
    </message>
    <message>
      <source>no findings</source>
      <translation>выявленных фактов нет</translation>
    </message>
    <message>
      <source>Review stations</source>
      <translation>Станции просмотра</translation>
    </message>
    <message>
      <source>Findings against the selected station</source>
      <translation>Выявленные факты против выбранной станции</translation>
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
      <translation>Хранится записей</translation>
    </message>
    <message>
      <source>Sessions</source>
      <translation>Сеансы</translation>
    </message>
    <message>
      <source>State</source>
      <translation>Состояние</translation>
    </message>
    <message>
      <source>When</source>
      <translation>Когда</translation>
    </message>
    <message>
      <source>Finding</source>
      <translation>Выявленный факт</translation>
    </message>
    <message>
      <source>Detail</source>
      <translation>Подробности</translation>
    </message>
  </context>
  <context>
    <name>UnlockForm</name>
    <message>
      <source>Unlock the station</source>
      <translation>Разблокировать станцию</translation>
    </message>
    <message>
      <source>The station's keys are protected by a passphrase. The station operator types it once when the station starts.</source>
      <translation>Ключи станции защищены парольной фразой. Оператор станции вводит её один раз при запуске станции.</translation>
    </message>
    <message>
      <source>Station passphrase</source>
      <translation>Парольная фраза станции</translation>
    </message>
    <message>
      <source>Unlock</source>
      <translation>Разблокировать</translation>
    </message>
  </context>
  <context>
    <name>WatchPanel</name>
    <message>
      <source>Findings ({n})</source>
      <translation>Находки ({n})</translation>
    </message>
    <message>
      <source>Clips ({n})</source>
      <translation>Клипы ({n})</translation>
    </message>
    <message>
      <source>Leads ({n})</source>
      <translation>Следы ({n})</translation>
    </message>
    <message>
      <source>{n} new videos found so far</source>
      <translation>Новых видео найдено: {n}</translation>
    </message>
    <message>
      <source>scan queued</source>
      <translation>проверка в очереди</translation>
    </message>
    <message>
      <source>scanned</source>
      <translation>проверено</translation>
    </message>
    <message>
      <source>scan failed</source>
      <translation>проверка не удалась</translation>
    </message>
    <message>
      <source>@channel, a t.me link, or the address of a web page or feed</source>
      <translation>@канал, ссылка t.me или адрес веб-страницы или ленты</translation>
    </message>
    <message>
      <source>every (min)</source>
      <translation>каждые (мин)</translation>
    </message>
    <message>
      <source>Watch</source>
      <translation>Отслеживать</translation>
    </message>
    <message>
      <source>Stop watching</source>
      <translation>Перестать отслеживать</translation>
    </message>
    <message>
      <source>Poll now</source>
      <translation>Опросить сейчас</translation>
    </message>
    <message>
      <source>Scan queued clips</source>
      <translation>Проверить клипы из очереди</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Отмена</translation>
    </message>
    <message>
      <source>Watch this lead</source>
      <translation>Отслеживать этот след</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>Источник</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>Вид</translation>
    </message>
    <message>
      <source>Last poll (UTC)</source>
      <translation>Последний опрос (UTC)</translation>
    </message>
    <message>
      <source>Next poll (UTC)</source>
      <translation>Следующий опрос (UTC)</translation>
    </message>
    <message>
      <source>Last outcome</source>
      <translation>Последний итог</translation>
    </message>
    <message>
      <source>When (UTC)</source>
      <translation>Когда (UTC)</translation>
    </message>
    <message>
      <source>Finding</source>
      <translation>Выявленный факт</translation>
    </message>
    <message>
      <source>Detail</source>
      <translation>Подробности</translation>
    </message>
    <message>
      <source>Case</source>
      <translation>Дело</translation>
    </message>
    <message>
      <source>Scan</source>
      <translation>Проверка</translation>
    </message>
    <message>
      <source>Seen at</source>
      <translation>Где замечено</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>Результат</translation>
    </message>
    <message>
      <source>Lead</source>
      <translation>След</translation>
    </message>
    <message>
      <source>Times</source>
      <translation>Раз</translation>
    </message>
    <message>
      <source>First seen in</source>
      <translation>Впервые замечен в</translation>
    </message>
    <message>
      <source>Findings</source>
      <translation>Находки</translation>
    </message>
    <message>
      <source>Clips</source>
      <translation>Клипы</translation>
    </message>
    <message>
      <source>Leads</source>
      <translation>Следы</translation>
    </message>
  </context>
</TS>
