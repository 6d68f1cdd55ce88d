"""Parallel smoke sentences for the zero-shot language check (written by the unspun authors).

Each row: the English sentence, whether a fact-checker would want it checked (our own
judgement: statistics, reported events and laws are; greetings, questions, opinions and
appeals are not), and its translation into each language we claim. A head that reads
multilingual-e5 vectors must score a sentence and its translation alike.

    .venv/bin/python data/languages/pairs.py > data/languages/smoke.jsonl
"""

from __future__ import annotations

import json

LANGS = ("ru", "uk", "bg", "pl", "pt", "es", "fr", "de")

ROWS: list[tuple[str, bool, dict[str, str]]] = [
    (
        "Inflation rose to 8.5 percent in March 2023.",
        True,
        {
            "ru": "Инфляция выросла до 8,5 процента в марте 2023 года.",
            "uk": "Інфляція зросла до 8,5 відсотка в березні 2023 року.",
            "bg": "Инфлацията се повиши до 8,5 процента през март 2023 г.",
            "pl": "Inflacja wzrosła do 8,5 procent w marcu 2023 roku.",
            "pt": "A inflação subiu para 8,5 por cento em março de 2023.",
            "es": "La inflación subió al 8,5 por ciento en marzo de 2023.",
            "fr": "L'inflation a atteint 8,5 pour cent en mars 2023.",
            "de": "Die Inflation stieg im März 2023 auf 8,5 Prozent.",
        },
    ),
    (
        "The government spent 2 billion euros on new roads last year.",
        True,
        {
            "ru": "В прошлом году правительство потратило 2 миллиарда евро на новые дороги.",
            "uk": "Торік уряд витратив 2 мільярди євро на нові дороги.",
            "bg": "Миналата година правителството похарчи 2 милиарда евро за нови пътища.",
            "pl": "W zeszłym roku rząd wydał 2 miliardy euro na nowe drogi.",
            "pt": "O governo gastou 2 mil milhões de euros em novas estradas no ano passado.",
            "es": "El gobierno gastó 2.000 millones de euros en nuevas carreteras el año pasado.",
            "fr": "Le gouvernement a dépensé 2 milliards d'euros pour de nouvelles routes l'an dernier.",
            "de": "Die Regierung hat im vergangenen Jahr 2 Milliarden Euro für neue Straßen ausgegeben.",
        },
    ),
    (
        "Unemployment fell by half over the past five years.",
        True,
        {
            "ru": "За последние пять лет безработица сократилась вдвое.",
            "uk": "За останні п'ять років безробіття скоротилося вдвічі.",
            "bg": "През последните пет години безработицата намаля наполовина.",
            "pl": "W ciągu ostatnich pięciu lat bezrobocie spadło o połowę.",
            "pt": "O desemprego caiu para metade nos últimos cinco anos.",
            "es": "El desempleo se redujo a la mitad en los últimos cinco años.",
            "fr": "Le chômage a baissé de moitié au cours des cinq dernières années.",
            "de": "Die Arbeitslosigkeit hat sich in den letzten fünf Jahren halbiert.",
        },
    ),
    (
        "The minister said that 40,000 people had left the region since January.",
        True,
        {
            "ru": "Министр заявил, что с января регион покинули 40 тысяч человек.",
            "uk": "Міністр заявив, що з січня регіон залишили 40 тисяч людей.",
            "bg": "Министърът заяви, че от януари 40 000 души са напуснали региона.",
            "pl": "Minister powiedział, że od stycznia region opuściło 40 tysięcy osób.",
            "pt": "O ministro afirmou que 40 mil pessoas deixaram a região desde janeiro.",
            "es": "El ministro dijo que 40.000 personas habían abandonado la región desde enero.",
            "fr": "Le ministre a déclaré que 40 000 personnes avaient quitté la région depuis janvier.",
            "de": "Der Minister sagte, seit Januar hätten 40.000 Menschen die Region verlassen.",
        },
    ),
    (
        "Crime in the capital has doubled since 2019.",
        True,
        {
            "ru": "С 2019 года преступность в столице выросла вдвое.",
            "uk": "З 2019 року злочинність у столиці зросла вдвічі.",
            "bg": "От 2019 г. престъпността в столицата се е удвоила.",
            "pl": "Od 2019 roku przestępczość w stolicy wzrosła dwukrotnie.",
            "pt": "A criminalidade na capital duplicou desde 2019.",
            "es": "La delincuencia en la capital se ha duplicado desde 2019.",
            "fr": "La criminalité dans la capitale a doublé depuis 2019.",
            "de": "Die Kriminalität in der Hauptstadt hat sich seit 2019 verdoppelt.",
        },
    ),
    (
        "The new law bans the sale of alcohol after 10 p.m.",
        True,
        {
            "ru": "Новый закон запрещает продажу алкоголя после 22:00.",
            "uk": "Новий закон забороняє продаж алкоголю після 22:00.",
            "bg": "Новият закон забранява продажбата на алкохол след 22 часа.",
            "pl": "Nowa ustawa zakazuje sprzedaży alkoholu po godzinie 22.",
            "pt": "A nova lei proíbe a venda de álcool depois das 22 horas.",
            "es": "La nueva ley prohíbe la venta de alcohol después de las 22 horas.",
            "fr": "La nouvelle loi interdit la vente d'alcool après 22 heures.",
            "de": "Das neue Gesetz verbietet den Verkauf von Alkohol nach 22 Uhr.",
        },
    ),
    (
        "More than 300 schools were closed because of the floods.",
        True,
        {
            "ru": "Из-за наводнений закрыли более 300 школ.",
            "uk": "Через повені закрили понад 300 шкіл.",
            "bg": "Повече от 300 училища бяха затворени заради наводненията.",
            "pl": "Z powodu powodzi zamknięto ponad 300 szkół.",
            "pt": "Mais de 300 escolas foram encerradas por causa das cheias.",
            "es": "Más de 300 escuelas cerraron por las inundaciones.",
            "fr": "Plus de 300 écoles ont été fermées à cause des inondations.",
            "de": "Wegen der Überschwemmungen wurden mehr als 300 Schulen geschlossen.",
        },
    ),
    (
        "The country imports 70 percent of its gas from abroad.",
        True,
        {
            "ru": "Страна импортирует 70 процентов газа из-за рубежа.",
            "uk": "Країна імпортує 70 відсотків газу з-за кордону.",
            "bg": "Страната внася 70 процента от газа си от чужбина.",
            "pl": "Kraj importuje 70 procent gazu z zagranicy.",
            "pt": "O país importa 70 por cento do seu gás do estrangeiro.",
            "es": "El país importa del extranjero el 70 por ciento de su gas.",
            "fr": "Le pays importe 70 pour cent de son gaz de l'étranger.",
            "de": "Das Land importiert 70 Prozent seines Gases aus dem Ausland.",
        },
    ),
    (
        "Police arrested the mayor on Tuesday on charges of bribery.",
        True,
        {
            "ru": "Во вторник полиция арестовала мэра по обвинению во взяточничестве.",
            "uk": "У вівторок поліція заарештувала мера за звинуваченням у хабарництві.",
            "bg": "Във вторник полицията арестува кмета по обвинение в подкуп.",
            "pl": "We wtorek policja aresztowała burmistrza pod zarzutem łapownictwa.",
            "pt": "A polícia deteve o presidente da câmara na terça-feira por suspeita de corrupção.",
            "es": "La policía detuvo el martes al alcalde acusado de soborno.",
            "fr": "La police a arrêté le maire mardi pour corruption.",
            "de": "Die Polizei hat den Bürgermeister am Dienstag wegen Bestechung festgenommen.",
        },
    ),
    (
        "I think the weather will be nice tomorrow.",
        False,
        {
            "ru": "Думаю, завтра будет хорошая погода.",
            "uk": "Думаю, завтра буде гарна погода.",
            "bg": "Мисля, че утре времето ще е хубаво.",
            "pl": "Myślę, że jutro będzie ładna pogoda.",
            "pt": "Acho que amanhã vai estar bom tempo.",
            "es": "Creo que mañana hará buen tiempo.",
            "fr": "Je pense qu'il fera beau demain.",
            "de": "Ich glaube, morgen wird das Wetter schön.",
        },
    ),
    (
        "Thank you all for coming tonight.",
        False,
        {
            "ru": "Спасибо всем, что пришли сегодня вечером.",
            "uk": "Дякую всім, що прийшли сьогодні ввечері.",
            "bg": "Благодаря на всички, че дойдохте тази вечер.",
            "pl": "Dziękuję wszystkim za przybycie dziś wieczorem.",
            "pt": "Obrigado a todos por terem vindo esta noite.",
            "es": "Gracias a todos por venir esta noche.",
            "fr": "Merci à tous d'être venus ce soir.",
            "de": "Vielen Dank, dass Sie heute Abend alle gekommen sind.",
        },
    ),
    (
        "What do you think about this idea?",
        False,
        {
            "ru": "Что вы думаете об этой идее?",
            "uk": "Що ви думаєте про цю ідею?",
            "bg": "Какво мислите за тази идея?",
            "pl": "Co sądzicie o tym pomyśle?",
            "pt": "O que acham desta ideia?",
            "es": "¿Qué opináis de esta idea?",
            "fr": "Que pensez-vous de cette idée ?",
            "de": "Was halten Sie von dieser Idee?",
        },
    ),
    (
        "We love our city and its people.",
        False,
        {
            "ru": "Мы любим наш город и его жителей.",
            "uk": "Ми любимо наше місто і його мешканців.",
            "bg": "Обичаме нашия град и хората му.",
            "pl": "Kochamy nasze miasto i jego mieszkańców.",
            "pt": "Adoramos a nossa cidade e a sua gente.",
            "es": "Amamos nuestra ciudad y a su gente.",
            "fr": "Nous aimons notre ville et ses habitants.",
            "de": "Wir lieben unsere Stadt und ihre Menschen.",
        },
    ),
    (
        "Good morning, dear friends!",
        False,
        {
            "ru": "Доброе утро, дорогие друзья!",
            "uk": "Доброго ранку, дорогі друзі!",
            "bg": "Добро утро, скъпи приятели!",
            "pl": "Dzień dobry, drodzy przyjaciele!",
            "pt": "Bom dia, queridos amigos!",
            "es": "¡Buenos días, queridos amigos!",
            "fr": "Bonjour, chers amis !",
            "de": "Guten Morgen, liebe Freunde!",
        },
    ),
    (
        "Let us work together for a better future.",
        False,
        {
            "ru": "Давайте работать вместе ради лучшего будущего.",
            "uk": "Давайте працювати разом заради кращого майбутнього.",
            "bg": "Нека работим заедно за по-добро бъдеще.",
            "pl": "Pracujmy razem na rzecz lepszej przyszłości.",
            "pt": "Vamos trabalhar juntos por um futuro melhor.",
            "es": "Trabajemos juntos por un futuro mejor.",
            "fr": "Travaillons ensemble pour un avenir meilleur.",
            "de": "Lasst uns gemeinsam für eine bessere Zukunft arbeiten.",
        },
    ),
    (
        "This is a very difficult question for all of us.",
        False,
        {
            "ru": "Это очень трудный вопрос для всех нас.",
            "uk": "Це дуже складне питання для всіх нас.",
            "bg": "Това е много труден въпрос за всички нас.",
            "pl": "To bardzo trudne pytanie dla nas wszystkich.",
            "pt": "Esta é uma pergunta muito difícil para todos nós.",
            "es": "Esta es una pregunta muy difícil para todos nosotros.",
            "fr": "C'est une question très difficile pour nous tous.",
            "de": "Das ist für uns alle eine sehr schwierige Frage.",
        },
    ),
]


def main() -> None:
    for n, (english, worthy, translations) in enumerate(ROWS, 1):
        assert set(translations) == set(LANGS), english
        row = {"id": f"pair-{n:02d}", "check_worthy": worthy, "en": english, **translations}
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
