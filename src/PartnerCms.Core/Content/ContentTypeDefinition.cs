namespace PartnerCms.Core.Content;

/// <summary>
/// What a content type is made of and how it behaves.
/// Draftable: edits are drafts until published. Versionable: every save keeps the previous version.
/// </summary>
public sealed class ContentTypeDefinition(string name)
{
    public string Name { get; } = name;

    public string DisplayName { get; set; } = name;

    public List<string> Parts { get; } = [];

    public bool Draftable { get; set; }

    public bool Versionable { get; set; }

    public ContentTypeDefinition WithPart<TPart>() where TPart : ContentPart
    {
        if (!Parts.Contains(typeof(TPart).Name))
        {
            Parts.Add(typeof(TPart).Name);
        }

        return this;
    }
}

/// <summary>The content types the enabled modules define, keyed by name.</summary>
public sealed class ContentOptions
{
    public Dictionary<string, ContentTypeDefinition> Types { get; } = new(StringComparer.Ordinal);
}

public enum VersionOptions
{
    /// <summary>The newest version, draft or not.</summary>
    Latest,

    /// <summary>The version visitors see; none when the item was never published.</summary>
    Published,
}
