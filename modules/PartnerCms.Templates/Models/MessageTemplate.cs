using PartnerCms.Core.Content;

namespace PartnerCms.Templates.Models;

/// <summary>A partner's message of one kind: subject and body, both Liquid. Draftable and versioned.</summary>
public sealed class MessageTemplatePart : ContentPart
{
    public const string ContentType = "MessageTemplate";

    public string Kind { get; set; } = string.Empty;

    public string Subject { get; set; } = string.Empty;

    public string Body { get; set; } = string.Empty;
}

/// <summary>One template per kind and organization (the platform organization holds the defaults).</summary>
public sealed class MessageTemplateIndex : ContentIndex
{
    public string Kind { get; set; } = string.Empty;
}

public sealed class MessageTemplateIndexProvider : ContentIndexProvider<MessageTemplateIndex>
{
    public override string ContentType => MessageTemplatePart.ContentType;

    protected override void Map(ContentItem item, MessageTemplateIndex index) => index.Kind = item.Get<MessageTemplatePart>().Kind;
}
