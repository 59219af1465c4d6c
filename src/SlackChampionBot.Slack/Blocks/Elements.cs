namespace SlackChampionBot.Slack.Blocks;

/// <summary>An interactive (or image) element used inside blocks.</summary>
public abstract class BlockElement;

/// <summary>An element that sends a block action; <see cref="ActionId"/> routes it to its handler.</summary>
public abstract class ActionElement : BlockElement
{
    public string? ActionId { get; set; }
}

public sealed class Button : ActionElement
{
    public PlainText Text { get; set; } = new();

    /// <summary>Up to 2,000 characters, returned in the block action.</summary>
    public string? Value { get; set; }

    public string? Url { get; set; }

    /// <summary><c>primary</c>, <c>danger</c>, or null for the default style.</summary>
    public string? Style { get; set; }
}

public sealed class PlainTextInput : ActionElement
{
    public PlainText? Placeholder { get; set; }

    public string? InitialValue { get; set; }

    public bool? Multiline { get; set; }

    public int? MinLength { get; set; }

    public int? MaxLength { get; set; }
}

public sealed class StaticSelectMenu : ActionElement
{
    public PlainText? Placeholder { get; set; }

    public IList<Option> Options { get; set; } = [];

    public Option? InitialOption { get; set; }
}

public sealed class ExternalSelectMenu : ActionElement
{
    public PlainText? Placeholder { get; set; }

    public int? MinQueryLength { get; set; }

    public Option? InitialOption { get; set; }
}

public sealed class UserSelectMenu : ActionElement
{
    public PlainText? Placeholder { get; set; }

    public string? InitialUser { get; set; }
}

public sealed class UserMultiSelectMenu : ActionElement
{
    public PlainText? Placeholder { get; set; }

    public IList<string>? InitialUsers { get; set; }

    public int? MaxSelectedItems { get; set; }
}

public sealed class Image : BlockElement, IContextElement
{
    public string ImageUrl { get; set; } = string.Empty;

    public string AltText { get; set; } = string.Empty;
}
