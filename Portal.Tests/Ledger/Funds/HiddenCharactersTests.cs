using Portal.Ledger.Funds;

namespace Portal.Tests.Ledger.Funds;

/// <summary>
/// The detector of characters that make text display other than it is recorded: every bidirectional formatting
/// character, every invisible one, the other format characters, and nothing that Chinese or English text needs.
/// </summary>
public sealed class HiddenCharactersTests
{
    public static TheoryData<int, string> Bidirectional() => new()
    {
        { 0x061C, "ARABIC LETTER MARK" },
        { 0x200E, "LEFT-TO-RIGHT MARK" },
        { 0x200F, "RIGHT-TO-LEFT MARK" },
        { 0x202A, "LEFT-TO-RIGHT EMBEDDING" },
        { 0x202B, "RIGHT-TO-LEFT EMBEDDING" },
        { 0x202C, "POP DIRECTIONAL FORMATTING" },
        { 0x202D, "LEFT-TO-RIGHT OVERRIDE" },
        { 0x202E, "RIGHT-TO-LEFT OVERRIDE" },
        { 0x2066, "LEFT-TO-RIGHT ISOLATE" },
        { 0x2067, "RIGHT-TO-LEFT ISOLATE" },
        { 0x2068, "FIRST STRONG ISOLATE" },
        { 0x2069, "POP DIRECTIONAL ISOLATE" },
    };

    public static TheoryData<int, string> Invisible() => new()
    {
        { 0x00AD, "SOFT HYPHEN" },
        { 0x034F, "COMBINING GRAPHEME JOINER" },
        { 0x115F, "HANGUL CHOSEONG FILLER" },
        { 0x1160, "HANGUL JUNGSEONG FILLER" },
        { 0x180E, "MONGOLIAN VOWEL SEPARATOR" },
        { 0x200B, "ZERO WIDTH SPACE" },
        { 0x200C, "ZERO WIDTH NON-JOINER" },
        { 0x200D, "ZERO WIDTH JOINER" },
        { 0x2060, "WORD JOINER" },
        { 0x2061, "FUNCTION APPLICATION" },
        { 0x2062, "INVISIBLE TIMES" },
        { 0x2063, "INVISIBLE SEPARATOR" },
        { 0x2064, "INVISIBLE PLUS" },
        { 0x3164, "HANGUL FILLER" },
        { 0xFEFF, "ZERO WIDTH NO-BREAK SPACE" },
        { 0xFFA0, "HALFWIDTH HANGUL FILLER" },
        { 0xE0001, "LANGUAGE TAG" },
        { 0xE0041, "TAG CHARACTER" },
        { 0xE007F, "CANCEL TAG" },
    };

    // Format characters (Cf) of other scripts and of deprecated uses: Arabic number signs, the interlinear
    // annotation characters, the deprecated shaping controls, Egyptian hieroglyph and musical formatting.
    public static TheoryData<int> OtherFormat() => [0x0600, 0x0605, 0x06DD, 0x070F, 0x206A, 0x206F, 0xFFF9, 0xFFFB, 0x110BD, 0x13430, 0x1D173];

    [Theory]
    [MemberData(nameof(Bidirectional))]
    public void Each_bidirectional_formatting_character_is_found_with_its_name(int codePoint, string name) =>
        AssertFoundAlone(codePoint, name, HiddenCharacterKind.Bidirectional);

    [Theory]
    [MemberData(nameof(Invisible))]
    public void Each_invisible_character_is_found_with_its_name(int codePoint, string name) =>
        AssertFoundAlone(codePoint, name, HiddenCharacterKind.Invisible);

    [Theory]
    [MemberData(nameof(OtherFormat))]
    public void Every_other_format_character_is_found_too(int codePoint)
    {
        var found = Assert.Single(HiddenCharacters.Find($"a{char.ConvertFromUtf32(codePoint)}b"));
        Assert.Equal(codePoint, found.CodePoint);
        Assert.False(string.IsNullOrWhiteSpace(found.Name));
    }

    [Fact]
    public void The_override_that_turns_a_purpose_around_is_found_where_it_is()
    {
        const string purpose = "Road repair \u202Eredro eht ni ton";

        var found = Assert.Single(HiddenCharacters.Find(purpose));
        Assert.Equal(12, found.Index);
        Assert.Equal(1, found.Length);
        Assert.Equal("U+202E", found.Notation);
        Assert.Equal("U+202E RIGHT-TO-LEFT OVERRIDE", found.ToString());
        Assert.Equal(found, HiddenCharacters.First(purpose));
    }

    [Fact]
    public void Several_hidden_characters_are_found_in_order_including_those_beyond_the_basic_plane()
    {
        var text = "a\u200Bb\U000E0041c\u2066d";

        var found = HiddenCharacters.Find(text);
        Assert.Equal([0x200B, 0xE0041, 0x2066], found.Select(c => c.CodePoint));
        Assert.Equal([1, 3, 6], found.Select(c => c.Index));
        Assert.Equal([1, 2, 1], found.Select(c => c.Length));
        Assert.Equal("U+E0041", found[1].Notation);
    }

    [Theory]
    [InlineData("为花溪区合作社修建温室大棚，共120户受益。")]
    [InlineData("购买教材、课桌椅；修缮校舍（一期）：¥1,234.56——详见附件《验收报告》。")]
    [InlineData("「贫困户」『危房改造』〈说明〉【公示】…？！·～")]
    [InlineData("全角空格\u3000与半角空格 both appear in pasted Chinese text")]
    [InlineData("Greenhouses for the Huaxi cooperative: 120 households, phase 2 (of 3).")]
    [InlineData("Teachers' wages — “back pay” for Q3; roads & bridges… 50% done")]
    [InlineData("Line one\nLine two\r\n\tindented, and a no-break space:\u00A0here")]
    [InlineData("<script>alert('x')</script> is markup, shown as text, not hidden")]
    [InlineData("")]
    [InlineData(null)]
    public void Clean_Chinese_and_English_text_has_nothing_hidden(string? text)
    {
        Assert.Empty(HiddenCharacters.Find(text));
        Assert.Null(HiddenCharacters.First(text));
    }

    [Fact]
    public void A_lone_surrogate_is_not_mistaken_for_a_hidden_character()
    {
        Assert.Empty(HiddenCharacters.Find("broken \uD800 half, \uDC00 other half"));
    }

    private static void AssertFoundAlone(int codePoint, string name, HiddenCharacterKind kind)
    {
        var character = char.ConvertFromUtf32(codePoint);

        var found = Assert.Single(HiddenCharacters.Find($"用途{character}purpose"));
        Assert.Equal(codePoint, found.CodePoint);
        Assert.Equal(name, found.Name);
        Assert.Equal(kind, found.Kind);
        Assert.Equal(2, found.Index);
        Assert.Equal(character.Length, found.Length);
    }
}
