namespace Portal.Web.Components.Forms;

/// <summary>What an official does on a request after filing it.</summary>
public enum FollowUpKind
{
    /// <summary>Withdraw a pending request, or cancel an approved one before payment.</summary>
    Withdraw,

    /// <summary>Report how paid money was used.</summary>
    Usage,

    /// <summary>Return paid money that will not be used.</summary>
    Return,
}
