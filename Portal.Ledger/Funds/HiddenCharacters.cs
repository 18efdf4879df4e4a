using System.Globalization;
using System.Text;

namespace Portal.Ledger.Funds;

/// <summary>Why a character is refused in public text and marked where old text holds it.</summary>
public enum HiddenCharacterKind
{
    /// <summary>A bidirectional formatting character: it changes the order in which the text around it is displayed.</summary>
    Bidirectional,

    /// <summary>A character that displays as nothing, so two texts that look alike can differ.</summary>
    Invisible,

    /// <summary>Another format character (Unicode category Cf), with no place in the portal's languages.</summary>
    Format,
}

/// <summary>One hidden character found in a text.</summary>
/// <param name="Index">Where it starts in the text, in UTF-16 code units.</param>
/// <param name="Length">1, or 2 for a character beyond the Basic Multilingual Plane.</param>
public sealed record HiddenCharacter(int Index, int Length, int CodePoint, string Name, HiddenCharacterKind Kind)
{
    /// <summary>The code point as U+XXXX.</summary>
    public string Notation => "U+" + CodePoint.ToString("X4", CultureInfo.InvariantCulture);

    public override string ToString() => $"{Notation} {Name}";
}

/// <summary>
/// Finds characters that make a text display as something other than what is recorded: the bidirectional formatting
/// characters, which reorder the text around them (U+202E turns "txt.exe" into what reads as "exe.txt"), and
/// invisible ones, which make two different texts look the same. A purpose that reads differently from what was
/// signed defeats the point of a public ledger, so free text refuses them and pages show any that old entries hold.
/// </summary>
/// <remarks>
/// Every format character (Unicode category Cf) is refused, plus the few invisible letters and marks that are not
/// Cf (the Hangul fillers, the combining grapheme joiner). The portal's languages are Simplified Chinese and English,
/// and neither needs any of them: ZWJ and ZWNJ shape Indic and Arabic scripts and join emoji sequences, the soft
/// hyphen and word joiner only steer line breaking, and CJK punctuation (、。，「」《》…) and full-width spaces are
/// ordinary visible characters, not format characters. Variation selectors are left alone: CJK ideographic variation
/// sequences use them. Control characters (Cc) are refused separately, by <see cref="FundRules.Text"/>.
/// </remarks>
public static class HiddenCharacters
{
    private static readonly Dictionary<int, (string Name, HiddenCharacterKind Kind)> Named = new()
    {
        [0x061C] = ("ARABIC LETTER MARK", HiddenCharacterKind.Bidirectional),
        [0x200E] = ("LEFT-TO-RIGHT MARK", HiddenCharacterKind.Bidirectional),
        [0x200F] = ("RIGHT-TO-LEFT MARK", HiddenCharacterKind.Bidirectional),
        [0x202A] = ("LEFT-TO-RIGHT EMBEDDING", HiddenCharacterKind.Bidirectional),
        [0x202B] = ("RIGHT-TO-LEFT EMBEDDING", HiddenCharacterKind.Bidirectional),
        [0x202C] = ("POP DIRECTIONAL FORMATTING", HiddenCharacterKind.Bidirectional),
        [0x202D] = ("LEFT-TO-RIGHT OVERRIDE", HiddenCharacterKind.Bidirectional),
        [0x202E] = ("RIGHT-TO-LEFT OVERRIDE", HiddenCharacterKind.Bidirectional),
        [0x2066] = ("LEFT-TO-RIGHT ISOLATE", HiddenCharacterKind.Bidirectional),
        [0x2067] = ("RIGHT-TO-LEFT ISOLATE", HiddenCharacterKind.Bidirectional),
        [0x2068] = ("FIRST STRONG ISOLATE", HiddenCharacterKind.Bidirectional),
        [0x2069] = ("POP DIRECTIONAL ISOLATE", HiddenCharacterKind.Bidirectional),
        [0x00AD] = ("SOFT HYPHEN", HiddenCharacterKind.Invisible),
        [0x034F] = ("COMBINING GRAPHEME JOINER", HiddenCharacterKind.Invisible),
        [0x115F] = ("HANGUL CHOSEONG FILLER", HiddenCharacterKind.Invisible),
        [0x1160] = ("HANGUL JUNGSEONG FILLER", HiddenCharacterKind.Invisible),
        [0x180E] = ("MONGOLIAN VOWEL SEPARATOR", HiddenCharacterKind.Invisible),
        [0x200B] = ("ZERO WIDTH SPACE", HiddenCharacterKind.Invisible),
        [0x200C] = ("ZERO WIDTH NON-JOINER", HiddenCharacterKind.Invisible),
        [0x200D] = ("ZERO WIDTH JOINER", HiddenCharacterKind.Invisible),
        [0x2060] = ("WORD JOINER", HiddenCharacterKind.Invisible),
        [0x2061] = ("FUNCTION APPLICATION", HiddenCharacterKind.Invisible),
        [0x2062] = ("INVISIBLE TIMES", HiddenCharacterKind.Invisible),
        [0x2063] = ("INVISIBLE SEPARATOR", HiddenCharacterKind.Invisible),
        [0x2064] = ("INVISIBLE PLUS", HiddenCharacterKind.Invisible),
        [0x3164] = ("HANGUL FILLER", HiddenCharacterKind.Invisible),
        [0xFEFF] = ("ZERO WIDTH NO-BREAK SPACE", HiddenCharacterKind.Invisible),
        [0xFFA0] = ("HALFWIDTH HANGUL FILLER", HiddenCharacterKind.Invisible),
        [0xE0001] = ("LANGUAGE TAG", HiddenCharacterKind.Invisible),
        [0xE007F] = ("CANCEL TAG", HiddenCharacterKind.Invisible),
    };

    /// <summary>Every hidden character in the text, in order; empty for clean text (and for null).</summary>
    public static IReadOnlyList<HiddenCharacter> Find(string? text)
    {
        List<HiddenCharacter>? found = null;
        var index = 0;
        while (text is not null && index < text.Length)
        {
            // A lone surrogate decodes as invalid and is stepped over: it is not a format character.
            var status = Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var length);
            if (status == System.Buffers.OperationStatus.Done && Classify(rune) is { } hidden)
            {
                (found ??= []).Add(new HiddenCharacter(index, length, rune.Value, hidden.Name, hidden.Kind));
            }
            index += Math.Max(length, 1);
        }
        return found is null ? [] : found;
    }

    /// <summary>The first hidden character in the text, or null when there is none.</summary>
    public static HiddenCharacter? First(string? text) => Find(text) is [var first, ..] ? first : null;

    /// <summary>Whether the character is one <see cref="Find"/> reports, with its name and kind.</summary>
    public static (string Name, HiddenCharacterKind Kind)? Classify(Rune rune)
    {
        if (Named.TryGetValue(rune.Value, out var named))
        {
            return named;
        }
        if (rune.Value is >= 0xE0020 and <= 0xE007E)
        {
            // The tag letters spell invisible ASCII ("ASCII smuggling"); only emoji subdivision flags use them.
            return ("TAG CHARACTER", HiddenCharacterKind.Invisible);
        }
        if (rune.Value is >= 0x206A and <= 0x206F)
        {
            return ("DEPRECATED FORMAT CHARACTER", HiddenCharacterKind.Format);
        }
        return Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format ? ("FORMAT CHARACTER", HiddenCharacterKind.Format) : null;
    }
}
