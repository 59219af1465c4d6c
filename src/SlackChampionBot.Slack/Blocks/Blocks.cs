namespace SlackChampionBot.Slack.Blocks;

/// <summary>A Block Kit layout block. A message holds at most 50 blocks, a modal or Home tab at most 100.</summary>
public abstract class Block
{
    public const int MaxBlocksInMessage = 50;
    public const int MaxBlocksInView = 100;

    public string? BlockId { get; set; }
}

public sealed class SectionBlock : Block
{
    public TextObject? Text { get; set; }

    /// <summary>Up to 10 fields of up to 2,000 characters each.</summary>
    public IList<TextObject>? Fields { get; set; }

    public BlockElement? Accessory { get; set; }
}

public sealed class ActionsBlock : Block
{
    /// <summary>Up to 25 interactive elements.</summary>
    public IList<BlockElement> Elements { get; set; } = [];
}

public sealed class ContextBlock : Block
{
    /// <summary>Up to 10 text objects or images.</summary>
    public IList<IContextElement> Elements { get; set; } = [];
}

public sealed class HeaderBlock : Block
{
    public const int MaxTextLength = 150;

    public PlainText Text { get; set; } = new();
}

public sealed class DividerBlock : Block;

public sealed class ImageBlock : Block
{
    public string ImageUrl { get; set; } = string.Empty;

    public string AltText { get; set; } = string.Empty;

    public PlainText? Title { get; set; }
}

public sealed class InputBlock : Block
{
    public PlainText Label { get; set; } = new();

    public BlockElement Element { get; set; } = new PlainTextInput();

    public PlainText? Hint { get; set; }

    public bool? Optional { get; set; }

    public bool? DispatchAction { get; set; }
}

/// <summary>Marker for what a context block may hold: text objects and images.</summary>
public interface IContextElement;

/// <summary>mrkdwn text inside a context block.</summary>
public sealed class ContextText : IContextElement
{
    public ContextText()
    {
    }

    public ContextText(string text) => Text = text;

    public string Text { get; set; } = string.Empty;

    public bool? Verbatim { get; set; } = true;
}

/// <summary>Plain text inside a context block.</summary>
public sealed class ContextPlainText : IContextElement
{
    public ContextPlainText()
    {
    }

    public ContextPlainText(string text) => Text = text;

    public string Text { get; set; } = string.Empty;

    public bool? Emoji { get; set; } = true;
}
