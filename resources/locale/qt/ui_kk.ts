<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="kk_KZ">
  <context>
    <name>StationWindow</name>
    <message>
      <source>Screening Room</source>
      <translation>Көру залы</translation>
    </message>
    <message>
      <source>This workstation is not enrolled as a review station yet.</source>
      <translation>Бұл жұмыс орны әлі көру станциясы ретінде тіркелмеген.</translation>
    </message>
  </context>
</TS>
