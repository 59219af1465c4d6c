namespace SlackChampionBot.Slack.Tests;

public sealed class MrkdwnTests
{
    [Theory]
    [InlineData("a & <b> \"c\" 'd'", "a &amp; &lt;b&gt; \"c\" 'd'")]
    [InlineData("<!channel>", "&lt;!channel&gt;")]
    [InlineData("&amp;", "&amp;amp;")]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Escape_Text_EscapesExactlyTheThreeControlCharacters(string? literal, string expected) =>
        Assert.Equal(expected, Mrkdwn.Escape(literal));

    [Fact]
    public void EscapeInbound_RealChannelMention_BecomesHarmlessLiteral() =>
        Assert.Equal("&lt;!channel&gt; hi", Mrkdwn.EscapeInbound("<!channel> hi"));

    [Fact]
    public void EscapeInbound_AlreadyEscapedText_IsNotDoubleEncoded() =>
        Assert.Equal("a &lt; b &amp; c", Mrkdwn.EscapeInbound("a &lt; b &amp; c"));

    [Fact]
    public void Unescape_EscapedEntityText_UnescapesExactlyOnce() =>
        Assert.Equal("&lt; <", Mrkdwn.Unescape("&amp;lt; &lt;"));

    [Theory]
    [InlineData("hello", 10, "hello")]
    [InlineData("hello", 5, "hello")]
    [InlineData("hello world", 6, "hello…")]
    [InlineData("hello", 1, "…")]
    [InlineData("hello", 0, "")]
    [InlineData("hello", -3, "")]
    public void Truncate_Text_FitsWithinMax(string literal, int max, string expected)
    {
        var result = Mrkdwn.Truncate(literal, max);

        Assert.Equal(expected, result);
        Assert.True(result.Length <= Math.Max(max, 0));
    }

    [Fact]
    public void Truncate_CutInsideSurrogatePair_DropsTheWholePair()
    {
        var result = Mrkdwn.Truncate("ab😀cd", 4);

        Assert.Equal("ab…", result);
        Assert.DoesNotContain(result, char.IsSurrogate);
    }

    [Theory]
    [InlineData("a & b", 100, "a &amp; b")]
    [InlineData("&&&&", 7, "&amp;…")]
    [InlineData("&", 3, "…")]
    [InlineData("<<<<<<", 1, "…")]
    [InlineData("abc", 0, "")]
    [InlineData("x😀y😀z", 4, "x😀…")]
    public void EscapeAndTruncate_Text_ResultFitsAndNeverSplitsEntities(string literal, int max, string expected)
    {
        var result = Mrkdwn.EscapeAndTruncate(literal, max);

        Assert.Equal(expected, result);
        Assert.True(result.Length <= Math.Max(max, 0));
    }

    [Fact]
    public void EscapeAndTruncate_LongHostileText_StaysWithinLimitAndUnescapesToAPrefix()
    {
        var literal = string.Concat(Enumerable.Repeat("<!channel> & 😀 ", 400));

        var result = Mrkdwn.EscapeAndTruncate(literal, 3000);

        Assert.True(result.Length <= 3000);
        Assert.EndsWith("…", result);
        Assert.StartsWith(Mrkdwn.Unescape(result[..^1]), literal, StringComparison.Ordinal);
        Assert.DoesNotContain("<", result, StringComparison.Ordinal);
    }
}
