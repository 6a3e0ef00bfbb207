<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
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
      <translation>Форма рецензии…</translation>
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
      <translation>Форма рецензии…</translation>
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
      <source>Export review report</source>
      <translation>Экспорт отчёта о просмотре</translation>
    </message>
    <message>
      <source>Report written: {path}</source>
      <translation>Отчёт записан: {path}</translation>
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
      <source>{title}
Register number: {register}   Member: {member}
Duration: {minutes} min, {length} (Art. 10)</source>
      <translation>{title}
Номер в реестре: {register}   Член комиссии: {member}
Продолжительность: {minutes} мин, {length} (ст. 10)</translation>
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
      <source>language codes, e.g. kk, ru</source>
      <translation>коды языков, например kk, ru</translation>
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
</TS>
