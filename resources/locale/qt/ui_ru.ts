<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
  <context>
    <name>StationWindow</name>
    <message>
      <source>Screening Room</source>
      <translation>Просмотровый зал</translation>
    </message>
    <message>
      <source>This workstation is not enrolled as a review station yet.</source>
      <translation>Это рабочее место ещё не зарегистрировано как станция просмотра.</translation>
    </message>
  </context>
</TS>
