using System.Globalization;

namespace Portal.Web.Identity;

/// <summary>Why the directory refused a change: a stable code pages can word in the visitor's language.</summary>
public enum UserDirectoryError
{
    InvalidUserName,
    InvalidDisplayName,
    UserNameTaken,
    NoRole,
    UnknownRole,
    NoDepartment,
    UnknownDepartment,
    OwnAdministratorRole,
    OwnLock,
    AccountGone,

    /// <summary>ASP.NET Identity refused (a password rule, say); the message is Identity's own description.</summary>
    IdentityRefused,
}

/// <summary>
/// A change the directory refuses. The message is the English wording, for logs and English pages;
/// <see cref="Subject"/> is the user name, role or department it names, so a translation can name it too.
/// </summary>
public sealed class UserDirectoryException : Exception
{
    public UserDirectoryException(UserDirectoryError code, string? subject = null)
        : this(code, subject, English(code, subject))
    {
    }

    private UserDirectoryException(UserDirectoryError code, string? subject, string message)
        : base(message)
    {
        Code = code;
        Subject = subject;
    }

    public UserDirectoryError Code { get; }

    public string? Subject { get; }

    public static UserDirectoryException IdentityRefused(string description) => new(UserDirectoryError.IdentityRefused, null, description);

    private static string English(UserDirectoryError code, string? subject) => code switch
    {
        UserDirectoryError.InvalidUserName => "A user name is 3 to 32 lower-case letters, digits, dots, dashes or underscores, starting with a letter.",
        UserDirectoryError.InvalidDisplayName => "Enter the person's name (at most 100 characters).",
        UserDirectoryError.UserNameTaken => Format("The user name '{0}' is taken.", subject),
        UserDirectoryError.NoRole => "Give the account at least one role.",
        UserDirectoryError.UnknownRole => Format("'{0}' is not a role people can hold.", subject),
        UserDirectoryError.NoDepartment => "Officials and approvers act for a department: choose one.",
        UserDirectoryError.UnknownDepartment => Format("'{0}' is not a department on the ledger.", subject),
        UserDirectoryError.OwnAdministratorRole => "You cannot remove your own administrator role; ask another administrator.",
        UserDirectoryError.OwnLock => "You cannot lock your own account.",
        UserDirectoryError.AccountGone => "That account no longer exists.",
        _ => code.ToString(),
    };

    private static string Format(string format, string? subject) => string.Format(CultureInfo.InvariantCulture, format, subject);
}
