namespace PartnerCms.Workflows.Abstractions;

/// <summary>How the editor shows a setting; most follow from the property's type (bool, int, enum, TimeSpan).</summary>
public enum FieldKind
{
    Text,

    /// <summary>One line of Liquid output, e.g. <c>{{ event.acceptedBy }}</c>; parsed as it is typed.</summary>
    Liquid,

    /// <summary>Several lines of Liquid (a message body).</summary>
    LiquidMultiline,

    /// <summary>A Liquid expression that is true or false, e.g. <c>event.licences &gt; 10</c>.</summary>
    Condition,

    /// <summary>A role name of the organization (a list to choose from).</summary>
    Role,

    Url,
    Duration,
    Number,
    Boolean,
    Choice,
}
