namespace SlackChampionBot.Slack.Blocks;

/// <summary>A Block Kit text object. Slack allows at most 3,000 characters in <c>text</c>.</summary>
public abstract class TextObject
{
    public const int MaxLength = 3000;

    public string Text { get; set; } = string.Empty;
}

/// <summary>Plain text: never parsed for mentions or links, the safe home for user text.</summary>
public sealed class PlainText : TextObject
{
    public PlainText()
    {
    }

    public PlainText(string text) => Text = text;

    public bool? Emoji { get; set; } = true;

    public static implicit operator PlainText(string text) => new(text);
}

/// <summary>mrkdwn text. <see cref="Verbatim"/> defaults to true so Slack does no auto-linking of names or mentions.</summary>
public sealed class Markdown : TextObject
{
    public Markdown()
    {
    }

    public Markdown(string text) => Text = text;

    public bool? Verbatim { get; set; } = true;

    public static implicit operator Markdown(string text) => new(text);
}

/// <summary>An option in a select menu.</summary>
public sealed class Option
{
    public PlainText Text { get; set; } = new();

    public string Value { get; set; } = string.Empty;

    public PlainText? Description { get; set; }
}
