using SlackChampionBot.Features.Wins;

namespace SlackChampionBot.Tests.Features.Wins;

public sealed class WinTextTests
{
    private static readonly WinsOptions Defaults = new();

    [Theory]
    [InlineData("#win great", true)]
    [InlineData("great #WIN", true)]
    [InlineData("(#win) great", true)]
    [InlineData(":trophy: great", true)]
    [InlineData("#winning great", false)]
    [InlineData("win great", false)]
    [InlineData("team#win great", false)]
    public void Read_Tags_AreWholeHashtagsOrEmojiCodes(string text, bool expected) =>
        Assert.Equal(expected, WinText.Read(text, Defaults).HasTag);

    [Fact]
    public void Read_StoryLength_LeavesOutMentionsEmojiTagsAndSpecialMentions()
    {
        var facts = WinText.Read("#win <@U0BOB|bob> <!channel> <#C0X|general> :tada: :+1::skin-tone-2: #returns fixed &amp; shipped", Defaults);

        Assert.Equal("fixed & shipped".Length, facts.StoryLength);
        Assert.Equal(["U0BOB"], facts.MentionedUserIds);
        Assert.Equal(LifecycleStage.Returns, facts.Stage);
    }

    [Fact]
    public void Read_LinkLabelsAndOtherHashtags_CountAsStory()
    {
        var facts = WinText.Read("#win see <https://example.com/case|the case> #happy", Defaults);

        Assert.Equal("see the case #happy".Length, facts.StoryLength);
        Assert.Null(facts.Stage);
    }

    [Fact]
    public void Read_ConfiguredStageTags_ReplaceTheDefaults()
    {
        var options = new WinsOptions { StageTags = new() { ["#rma"] = "Returns" }, ExperienceTags = new() { ["ads"] = "brand & marketing" } };

        Assert.Equal(LifecycleStage.Returns, WinText.Read("#win #rma", options).Stage);
        Assert.Null(WinText.Read("#win #returns", options).Stage);
        Assert.Equal(ExperienceKind.BrandAndMarketing, WinText.Read("#win #ads", options).Experience);
    }
}
