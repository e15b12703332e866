namespace PartnerCms.Workflows.Abstractions;

/// <summary>Labels a setting of an activity for its form in the editor.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FieldAttribute(string label) : Attribute
{
    public string Label { get; } = label;

    public string? Help { get; init; }

    /// <summary>Null: from the property's type (text for strings).</summary>
    public object? Kind { get; init; }

    public bool Required { get; init; }
}
