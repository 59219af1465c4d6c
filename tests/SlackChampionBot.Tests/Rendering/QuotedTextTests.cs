using SlackChampionBot.Rendering;

namespace SlackChampionBot.Tests.Rendering;

public sealed class QuotedTextTests
{
    private static readonly Dictionary<string, string> Names = new() { ["U0BOB"] = "Bob <Helper> & co", ["U0UNKNOWN"] = "U0UNKNOWN" };

    [Theory]
    [InlineData("thanks <@U0BOB>", "thanks <@U0BOB>")]
    [InlineData("thanks <@U0BOB|bob>", "thanks <@U0BOB>")]
    [InlineData("<!channel> <!here> <!everyone>", "@channel @here @everyone")]
    [InlineData("ask <!subteam^S0SUP|@support>", "ask @support")]
    [InlineData("ask <!subteam^S0SUP>", "ask @team")]
    [InlineData("in <#C0GEN|general>", "in #general")]
    [InlineData("see <https://x.example/a|the notes> or <https://y.example/b>", "see the notes or https://y.example/b")]
    [InlineData("on <!date^1700000000^{date}|14 Nov>", "on 14 Nov")]
    [InlineData("typed &lt;@U0BOB&gt; &amp; &lt;3", "typed &lt;@U0BOB&gt; &amp; &lt;3")]
    [InlineData("half a <tag", "half a &lt;tag")]
    public void Render_Mentions_KeepsPeopleAndNeutralisesTheRest(string slackText, string expected) =>
        Assert.Equal(expected, QuotedText.Render(slackText, MentionStyle.Mentions));

    [Fact]
    public void Render_Names_ShowsTheNameSlackShowsEscapedAndFallsBackToTheLabel()
    {
        var shown = QuotedText.Render("thanks <@U0BOB>, <@U0UNKNOWN|sam> and <@U0GONE>", MentionStyle.Names, Names);

        Assert.Equal("thanks @Bob &lt;Helper&gt; &amp; co, @sam and @someone", shown);
    }

    [Fact]
    public void Render_CutToLength_NeverSplitsAnEntityOrAMention()
    {
        var text = "abc &amp;&amp; <@U0BOB> tail";

        for (var max = 1; max <= 30; max++)
        {
            var shown = QuotedText.Render(text, MentionStyle.Mentions, maxLength: max);
            Assert.True(shown.Length <= max, $"{max}: {shown}");
            Assert.DoesNotMatch("&(a|am|amp)?…|&[a-z]*$|<@[^>]*$", shown);
        }

        Assert.Equal(text, QuotedText.Render(text, MentionStyle.Mentions, maxLength: text.Length));
    }

    [Fact]
    public void BlockQuote_QuotesEachLine()
    {
        Assert.Equal("> one\n> two <@U0BOB>", QuotedText.BlockQuote(" one\ntwo <@U0BOB> ", MentionStyle.Mentions, null, 100, 5));
        Assert.Equal("> one", QuotedText.BlockQuote("one\ntwo", MentionStyle.Mentions, null, 100, 1));
    }

    [Fact]
    public void MentionedUserIds_EveryUserMentionOnce()
    {
        Assert.Equal(["U0BOB", "W0ANN"], QuotedText.MentionedUserIds("<@U0BOB> <@W0ANN|ann> <@U0BOB> <!here> <#C0GEN>"));
    }
}
