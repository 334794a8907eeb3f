"""open-with: the reasons a user reads when open-with leaves an opener alone.

Each is one sentence: what the code does, and why a with-block would not be provably right.
Some take ``str.format`` fields (``{name}``, ``{line}``, ``{callee}`` …). What open-with
leaves alone because nothing needs changing (a handle returned to the caller or stored on an
attribute, whose owner closes it; an open() in a try that only checks the file can be opened)
is not said at all.
"""

YIELDED = "the handle is yielded to the code that iterates this generator: closing it here would break that code"
ATTRIBUTE_CLOSED_HERE = (
    "the handle is stored on an attribute and closed through that attribute at line {line}: open-with follows a handle "
    "through a name, not an attribute; if nothing else reads the attribute, write the with-block by hand with a local name"
)
CONTAINER = "the handle is stored in a container, so it outlives this block: closing it here would break its later users"
ALIAS = "the handle is assigned to another name: open-with does not follow aliases, so it cannot tell when the handle is last used"
GLOBAL = "the handle name is declared global or nonlocal: code elsewhere may use it after this block"
LAMBDA = "open() inside a lambda: there is no statement to wrap in a with-block"
COMPREHENSION = "open() runs once per item of a comprehension: there is no single statement to wrap in a with-block"
CONDITIONAL = "open() in a conditional expression (x if c else y) runs on one branch only: a with-block would open the file unconditionally"
AND_OR = "open() in an and/or operand may not run at all: a with-block would open the file unconditionally"
DEFAULT_ARGUMENT = "open() in a default argument runs once, when the function is defined, and the handle lives as long as the function"
DECORATOR = "open() in a decorator or class header: there is no statement to wrap in a with-block"
CLASS_BODY_INLINE = "in a class body the with-block's handle name would become a new class attribute: write the with-block by hand or move the code into a function"
CLASS_BODY_UNCLOSED = "the handle is a class attribute that is never closed here: code may still use it through the class, so closing it would break that code"
SUITE = "the statement shares its line with an if/for/while/with header: put it on its own line to let open-with rewrite it"
ONE_LINE = "several statements share this line: put the statement on its own line to let open-with rewrite it"
WALRUS = "the handle is bound with := inside an expression: open-with does not follow that name"
ANNOTATED = "the handle is bound by an annotated assignment: write the with-block by hand"
UNKNOWN_USE = "the handle is used in a way open-with does not recognise, so it cannot prove that closing it is safe"
SUSPENDS = "the statement awaits or yields after using the file: a with-block would keep the file open while it is suspended"
FLUSH = "the file is written and more code runs in the same statement: a with-block would flush and close the file later than before"
LOOP_BODY_AFTER_READ = "the for loop body runs after the file is read: a with-block around the loop would keep the file open (and unflushed) during the loop"
NEVER_USED = (
    "the handle `{name}` is never used: the function opens the file for reading and drops the handle when it returns; "
    "delete the statement, unless it is there to check that the file can be opened"
)
REASSIGNED = "the handle name `{name}` is reassigned at line {line} while the handle may still be in use: open-with cannot tell which handle is closed where"
DELETED = "the handle name `{name}` is deleted at line {line}: write the with-block by hand"
LOOP_VARIABLE = "the handle name `{name}` is also the variable of the for loop at line {line}, which rebinds it on each pass: open-with does not follow a handle through a name its loop rebinds"
USED_ELSEWHERE = "the handle `{name}` is used at line {line}, outside the block where it is opened, where it may still be open: a with-block would close it too early"
NESTED_FUNCTION = "the handle `{name}` is used by a nested function or lambda (line {line}), which may run after the with-block has closed it"
MODULE_FUNCTIONS = "the module-level handle `{name}` is used by a function (line {line}): closing it after the module's own last use would break that function"
OVERLAP = "the handle is still open when another handle opened before it is closed (line {line}): the two with-blocks cannot nest"
OWN_REPLACEMENT = "the handle `{name}` is used to compute its own replacement at line {line}: write the with-block by hand"
DERIVED_RETURNED = "the {maker} object built on the handle is returned: it reads the file lazily, so closing the file here would break the caller"
DERIVED_ESCAPES = "the {maker} object built on the handle is stored or passed on: it uses the file later, so closing the file here could break it"
GENERATOR_ESCAPES = "the handle is read by a generator expression that may run after the with-block has closed it"
LATE_RESULT = "the result of .{attr}() may still need the open file: closing it here could break the code that uses it"
BOUND_ATTRIBUTE = "the handle's .{attr} is passed on: it may be used after the with-block has closed the file"
KEEPER = "the handle is passed to {callee}(), which keeps it to stream the response later: closing it here would break the response"
MAY_KEEP = "the handle is passed to {callee}(), which may keep it: open-with cannot prove that closing it here is safe"
STORED_BY_METHOD = "the handle is stored in a container (.{attr}()), so it outlives this block: closing it here would break its later users"
AMBIGUOUS = "{callee} may be {targets} here: open-with cannot tell which handle it makes, so it is not rewritten"
REDEFINED = "open is redefined in this file (a parameter, a variable or a function named open), so it is not the builtin open: not rewritten"
NOT_BUILTIN = "open here is not the builtin open (it refers to {target}): not rewritten"
STAR_SHADOWS = "`from {module} import *` replaces the builtin open in this module: not rewritten"
BUILTINS_REPLACED = "builtins.open is replaced in this module (line {line}), so open() may not be the builtin: not rewritten"
NOT_A_STATEMENT = "open() in {what}: a with-block would keep the file open for the whole statement; assign the value to a variable first"
INTROSPECTION = "the function looks at its own variables (locals() or vars()): a new handle name would show up there"
EXPORTED = "the module-level handle `{name}` is named in a string (such as __all__), so other modules may use it after this block"
TAKEN_ELSEWHERE = (
    "the module-level handle `{name}` is taken by {importer}, which may use it after this module's own last use: "
    "a with-block would hand it a closed file"
)
MODULE_UNUSED = (
    "the module-level handle `{name}` is not used in this module: it is there for other code to use, "
    "and a with-block would close it before they do"
)
NESTED_OPENER = "open() inside the arguments of another open(): write the with-blocks by hand"
EVALUATION_ORDER = "{what} runs before open() in this statement: moving open() into a with-block ahead of the statement would change the order in which they run"
KERNEL_WRITE = (
    "the handle writes to a kernel interface file and is closed by the garbage collector, which swallows the kernel's "
    "rejection of the write (EINVAL, EBUSY): a with-block would raise it where the code goes on; close it by hand if that is wanted"
)
UNMANAGED_ON_PYTHON = (
    "the project declares Python {python}, where the handle {callee}() returns is no context manager (from {since} on): "
    "a with-block would raise AttributeError there"
)
