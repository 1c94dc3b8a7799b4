// The newsroom's page scripts. Pages work without them except the editor.
