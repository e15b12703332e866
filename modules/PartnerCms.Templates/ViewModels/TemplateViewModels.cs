using PartnerCms.Core.Content;
using PartnerCms.Core.Liquid;
using PartnerCms.Core.Versioning;
using PartnerCms.Templates.Models;
using PartnerCms.Templates.Services;

namespace PartnerCms.Templates.ViewModels;

public sealed record TemplateListRow(MessageTemplateKind Kind, string State)
{
    /// <summary>The kind's variants in the other enabled cultures, with their states.</summary>
    public IReadOnlyList<(System.Globalization.CultureInfo Culture, string State)> Languages { get; init; } = [];
}

public sealed class TemplateEditor
{
    public MessageTemplateKind Kind { get; set; } = null!;

    public string Subject { get; set; } = string.Empty;

    public string Body { get; set; } = string.Empty;

    public int Version { get; set; }

    public bool IsDefault { get; set; }

    public bool HasDraft { get; set; }

    /// <summary>The Schedule panel: Publish at, Unpublish at, what is scheduled.</summary>
    public ContentScheduleView? Schedule { get; set; }

    /// <summary>The Review panel (shown when the partner publishes only reviewed drafts).</summary>
    public ContentReviewView? Review { get; set; }

    /// <summary>For a kind: its variants in the other enabled cultures and their states (which are missing).</summary>
    public IReadOnlyList<(System.Globalization.CultureInfo Culture, string State)> Languages { get; set; } = [];

    /// <summary>For a culture's variant: the culture, and the text customers get without it (shown beside it).</summary>
    public System.Globalization.CultureInfo? Culture { get; set; }

    public MessageTemplatePart? DefaultText { get; set; }

    public IReadOnlyList<(string Field, LiquidError Error)> Errors { get; set; } = [];

    public string? PreviewSubject { get; set; }

    public string? PreviewBody { get; set; }
}

public sealed record HistoryViewModel(MessageTemplateKind Kind, IReadOnlyList<TemplateVersion> Versions, IReadOnlyDictionary<int, IReadOnlyList<ContentReview>> Reviews);

public sealed record DiffViewModel(MessageTemplateKind Kind, int From, int To, IReadOnlyList<DiffLine> Subject, IReadOnlyList<DiffLine> Body);
