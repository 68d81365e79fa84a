"""Trusted probes: small functions run beside a student's code that turn objects which
cannot leave the student's process (Keras models, mutated dictionaries) into plain data.

Each probe takes the submission's namespace first. Probes hold no expected values.
"""
