using PartnerCms.Core.Liquid;
using PartnerCms.Core.Versioning;
using PartnerCms.Templates.Models;
using PartnerCms.Templates.Services;

namespace PartnerCms.Templates.ViewModels;

public sealed record TemplateListRow(MessageTemplateKind Kind, string State);

public sealed class TemplateEditor
{
    public MessageTemplateKind Kind { get; set; } = null!;

    public string Subject { get; set; } = string.Empty;

    public string Body { get; set; } = string.Empty;

    public int Version { get; set; }

    public bool IsDefault { get; set; }

    public bool HasDraft { get; set; }

    /// <summary>When the draft is scheduled to be published (UTC), and by whom.</summary>
    public DateTime? PublishAtUtc { get; set; }

    public string? PublishScheduledBy { get; set; }

    public IReadOnlyList<(string Field, LiquidError Error)> Errors { get; set; } = [];

    public string? PreviewSubject { get; set; }

    public string? PreviewBody { get; set; }
}

public sealed record HistoryViewModel(MessageTemplateKind Kind, IReadOnlyList<TemplateVersion> Versions);

public sealed record DiffViewModel(MessageTemplateKind Kind, int From, int To, IReadOnlyList<DiffLine> Subject, IReadOnlyList<DiffLine> Body);
