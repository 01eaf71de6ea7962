"""The evaluation portal: YAML scorecards of the 三亮三比三评 review -> a versioned intranet site.

The pipeline, one module per stage: load -> validate -> aggregate -> render -> build.
"""

__version__ = "0.1.0"
