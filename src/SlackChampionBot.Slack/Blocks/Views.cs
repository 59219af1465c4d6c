namespace SlackChampionBot.Slack.Blocks;

/// <summary>A view to open, push, update or publish. Mirrors SlackNet's ViewDefinition.</summary>
public abstract class ViewDefinition
{
    public IList<Block> Blocks { get; set; } = [];

    /// <summary>Up to 3,000 characters, returned with the submission.</summary>
    public string? PrivateMetadata { get; set; }

    public string? CallbackId { get; set; }

    public string? ExternalId { get; set; }
}

public sealed class ModalViewDefinition : ViewDefinition
{
    /// <summary>Up to 24 characters.</summary>
    public PlainText Title { get; set; } = new();

    public PlainText? Submit { get; set; }

    public PlainText? Close { get; set; }

    public bool? ClearOnClose { get; set; }

    public bool? NotifyOnClose { get; set; }
}

public sealed class HomeViewDefinition : ViewDefinition;
