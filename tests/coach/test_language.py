"""language: the coach knows when a text is not one it can read."""

import pytest

from bot.coach.language import dominant_script, reads_english, unreadable_language

NOT_ENGLISH = [
    ("我删除了测试数据库，对不起。", "Chinese"),
    ("我在 staging 上跑了 cleanup 脚本，删掉了 prod DB", "Chinese"),  # tech words in English
    ("<@U0123ABCD> 抱歉，我把 invoice 发错了 :sob: https://example.com/x", "Chinese"),
    ("本番のデータベースを削除してしまいました。申し訳ありません。", "Japanese"),
    ("Я удалил базу данных на проде.", "Cyrillic-script"),
    ("لقد حذفت قاعدة البيانات عن طريق الخطأ", "Arabic-script"),
    ("제가 스테이징 DB를 삭제했습니다", "Korean"),
    # Latin script, told by function words.
    ("Perdón equipo, borré la hoja de turnos por error. Ya la recuperé del respaldo.", "Spanish"),
    (
        "Mein Fehler: ich habe die Rechnung an den falschen Kunden geschickt. Ist korrigiert.",
        "German",
    ),
    ("Désolé, j'ai envoyé le mauvais devis au client. C'est corrigé, je leur ai écrit.", "French"),
    ("Desculpa pessoal, eu apaguei a planilha de escalas. Já recuperei do backup.", "Portuguese"),
    ("Beklager, jeg glemte å sende timelistene i går. Det er gjort nå.", "Scandinavian"),
    (
        "Maaf semua, saya salah kirim invoice ke klien yang lain. Sudah saya kirim ulang.",
        "Indonesian or Malay",
    ),
]
ENGLISH = [
    "I deleted the staging database. Sorry!",
    "i sent the invoice to 王伟 by mistake, sent the right one now 🙏",
    "<@U0123ABCD> <#C0456|général> my bad :sweat_smile:",
    "I broke the café menu page",
    "`rm -rf 数据` was a bad idea on my part, I restored it",
    "",
    "🙈🙈 :+1:",
    "12:40 → 13:05",
    # English with another language's names, words or a greeting in it.
    "Perdón perdón, I sent the rota to the wrong group. Fixed it and told them.",
    "I mixed up the Las Palmas and El Paso orders, sorry. Swapping the labels now.",
    "hola team, I booked Señora Díaz for the wrong day; she's rebooked for Tuesday.",
    "I cc'd Jan de Vries instead of Jan de Jong on the offer. Recalled it.",
]


@pytest.mark.parametrize(("text", "name"), NOT_ENGLISH)
def test_text_in_another_script_is_named(text, name):
    assert not reads_english(text)
    assert unreadable_language(text) == name


@pytest.mark.parametrize("text", ENGLISH)
def test_english_with_names_mentions_emoji_and_code_reads_as_english(text):
    assert reads_english(text)
    assert unreadable_language(text) is None


def test_no_letters_is_no_script():
    assert dominant_script("🙂 123 :tada:") is None


def test_a_sentence_in_another_language_is_named_and_an_english_one_is_not():
    from bot.coach.language import foreign_language

    assert foreign_language("Ya está cerrada y hablé con seguridad.") == "Spanish"
    assert foreign_language("The door is shut and I told security.") is None
    assert foreign_language("Perdón, I left it open.") is None  # one word is not a language
